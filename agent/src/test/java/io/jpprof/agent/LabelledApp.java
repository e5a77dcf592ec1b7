package io.jpprof.agent;

import io.jpprof.Labels;
import io.jpprof.Profile;
import java.lang.reflect.Method;

/**
 * An application that uses jpprof's API itself (its own jpprof-agent-core, not the agent's copy):
 * one thread burns CPU in {@link #burnA} under {@code route=a} and in {@link #burnB} under {@code
 * route=b}; one waits under {@code route=idle}; a custom profile {@code com.example.open.files}
 * holds a value added by {@link #openFile}. With the argument {@code mismatch} it also connects
 * to the agent's bridge as a jpprof of another protocol would; with {@code own=FILE} it writes a
 * CPU profile of its own jpprof to FILE (8 s from the start).
 */
public final class LabelledApp {
  private static final Labels A = Labels.of("route", "a");
  private static final Labels B = Labels.of("route", "b");
  private static volatile long sink;

  private LabelledApp() {}

  public static void main(String[] args) throws Exception {
    Profile files = Profile.newProfile("com.example.open.files");
    openFile(files);
    Thread idle = new Thread(() -> Profile.doWithLabels(Labels.of("route", "idle"), LabelledApp::idle), "labelled-idle");
    idle.setDaemon(true);
    idle.start();
    Thread burner = new Thread(() -> {
      while (true) {
        Profile.doWithLabels(A, () -> burnA(7));
        Profile.doWithLabels(B, () -> burnB(3));
      }
    }, "labelled-burner");
    burner.setDaemon(true);
    burner.start();
    if (args.length > 0 && args[0].startsWith("own=")) {
      ownCpuProfile(java.nio.file.Path.of(args[0].substring(4)));
    }
    if (args.length > 0 && args[0].equals("mismatch")) {
      Class<?> bridge = Class.forName("io.jpprof.agent.ApiBridge", true, ClassLoader.getSystemClassLoader());
      Method connect = bridge.getMethod("connect", int.class, String.class, Class.class);
      System.out.println("connected " + connect.invoke(null, 99, "9.9.9", LabelledApp.class));
    }
    System.out.println("app ready " + Profile.class.getClassLoader());
    Thread.sleep(120_000);
  }

  /** A CPU profile of the application's own jpprof, for 8 s beside the agent's. */
  private static void ownCpuProfile(java.nio.file.Path file) throws java.io.IOException {
    java.io.OutputStream out = java.nio.file.Files.newOutputStream(file);
    Profile.startCpuProfile(out);
    Thread stop = new Thread(() -> {
      try {
        Thread.sleep(8_000);
        Profile.stopCpuProfile();
        out.close();
        System.out.println("own profile written");
      } catch (Exception e) {
        e.printStackTrace();
      }
    });
    stop.setDaemon(true);
    stop.start();
  }

  static void openFile(Profile files) {
    files.add("/var/data/one", 0);
  }

  static void idle() {
    try {
      Thread.sleep(Long.MAX_VALUE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void burnA(int ms) {
    burn(ms);
  }

  static void burnB(int ms) {
    burn(ms);
  }

  private static void burn(int ms) {
    long end = System.nanoTime() + ms * 1_000_000L;
    long x = sink;
    while (System.nanoTime() < end) {
      for (int i = 0; i < 1000; i++) {
        x = x * 6364136223846793005L + 1442695040888963407L;
      }
    }
    sink = x;
  }
}
