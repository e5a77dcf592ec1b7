package io.jpprof.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpprof.Profile;
import io.jpprof.internal.Collectors;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A library must never keep the JVM alive: a program that starts the server, the always-on
 * collectors and a CPU profile, then returns from {@code main}, exits.
 */
class JvmExitTest {
  /** The child program. */
  public static final class Main {
    public static void main(String[] args) throws Exception {
      Pprof.start(0);
      Profile.startRecording();
      if (!Collectors.process().stream().awaitRunning(Duration.ofSeconds(20))) {
        System.exit(3);
      }
      Profile.startCpuProfile(new ByteArrayOutputStream()); // left running on purpose
      System.out.println("main returns");
    }
  }

  @Test
  void theJvmExitsWhenMainReturns() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName())
        .redirectErrorStream(true).start();
    boolean exited = child.waitFor(40, TimeUnit.SECONDS);
    String output = exited ? new String(child.getInputStream().readAllBytes()) : "";
    String threads = "";
    if (!exited) {
      threads = threadDump(child.pid());
      child.destroyForcibly().waitFor();
    }
    assertThat(exited).as("the JVM is still running after main returned; its threads:%n%s", threads).isTrue();
    assertThat(child.exitValue()).as(output).isZero();
    assertThat(output).contains("main returns");
  }

  /** The child's threads, as {@code jcmd Thread.print} prints them. */
  private static String threadDump(long pid) throws Exception {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "Thread.print").redirectErrorStream(true).start();
    String dump = new String(p.getInputStream().readAllBytes());
    p.waitFor(20, TimeUnit.SECONDS);
    return dump;
  }
}
