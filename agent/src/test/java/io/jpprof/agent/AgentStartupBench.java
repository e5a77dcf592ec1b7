package io.jpprof.agent;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Time from launching {@code java} to the application's {@code main}, without and with {@code
 * -javaagent:jpprof-agent.jar}, alternating in one run; with the agent also the time until it
 * serves. Not a test: run it by hand (see docs/benchmarks.md).
 *
 * <pre>
 * java -cp agent/target/test-classes io.jpprof.agent.AgentStartupBench agent/target/jpprof-agent.jar 15
 * </pre>
 */
public final class AgentStartupBench {
  private AgentStartupBench() {}

  /** The measured application: prints "main" first thing, then idles briefly. */
  public static final class App {
    public static void main(String[] args) throws InterruptedException {
      System.out.println("main");
      System.out.flush();
      Thread.sleep(Long.parseLong(args[0]));
    }
  }

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args[0]);
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 15;
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = Path.of(App.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    double[] plain = new double[runs];
    double[] agent = new double[runs];
    double[] serving = new double[runs];
    run(List.of(java, "-cp", cp, App.class.getName(), "0"), false); // warm the file cache
    run(List.of(java, "-javaagent:" + jar + "=port=0", "-cp", cp, App.class.getName(), "0"), false);
    for (int i = 0; i < runs; i++) {
      plain[i] = run(List.of(java, "-cp", cp, App.class.getName(), "0"), false)[0];
      double[] a = run(List.of(java, "-javaagent:" + jar + "=port=0", "-cp", cp, App.class.getName(), "5000"), true);
      agent[i] = a[0];
      serving[i] = a[1];
    }
    double p = median(plain);
    double a = median(agent);
    System.out.printf("JDK %s, %d runs each, alternating; medians%n", Runtime.version(), runs);
    System.out.printf("launch -> main, no agent:      %.1f ms%n", p);
    System.out.printf("launch -> main, -javaagent:    %.1f ms  (+%.1f ms, %.3fx)%n", a, a - p, a / p);
    System.out.printf("launch -> agent serving:       %.1f ms%n", median(serving));
    System.out.printf("agent jar: %d bytes (%.1f MiB)%n", Files.size(jar), Files.size(jar) / 1048576.0);
  }

  /** Milliseconds from start to the "main" line, and (if waited for) to the agent's "serving" line. */
  private static double[] run(List<String> command, boolean awaitServing) throws Exception {
    long start = System.nanoTime();
    Process p = new ProcessBuilder(command).start();
    double[] out = new double[2];
    Thread err = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          if (line.contains("jpprof: serving") && out[1] == 0) {
            out[1] = (System.nanoTime() - start) / 1e6;
            if (awaitServing) {
              p.destroy();
            }
          }
        }
      } catch (java.io.IOException ignored) {
        // the process ended
      }
    });
    err.start();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line = r.readLine();
      out[0] = (System.nanoTime() - start) / 1e6;
      if (!"main".equals(line)) {
        throw new IllegalStateException("expected main, got " + line);
      }
    }
    p.waitFor(30, TimeUnit.SECONDS);
    err.join(5000);
    return out;
  }

  private static double median(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
