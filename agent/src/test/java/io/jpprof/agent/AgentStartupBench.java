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
 * Time from launching {@code java} to the application's {@code main}: without an agent, with an
 * agent that does nothing (the JVM's own cost of {@code -javaagent}), and with {@code
 * -javaagent:jpprof-agent.jar}, alternating in one run; with jpprof also the time until it serves. Not a test: run it by hand (see docs/benchmarks.md).
 *
 * <pre>
 * java -cp agent/target/test-classes io.jpprof.agent.AgentStartupBench agent/target/jpprof-agent.jar 15 [options]
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

  /** An agent that does nothing: what {@code -javaagent} costs the JVM by itself. */
  public static final class NoopAgent {
    public static void premain(String args, java.lang.instrument.Instrumentation inst) {}
  }

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args[0]);
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 15;
    String options = args.length > 2 ? args[2] : "port=0";
    boolean serves = !options.contains("enabled=false");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = Path.of(App.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    Path noop = noopAgentJar();
    List<String> plainCmd = List.of(java, "-cp", cp, App.class.getName(), "0");
    List<String> noopCmd = List.of(java, "-javaagent:" + noop, "-cp", cp, App.class.getName(), "0");
    List<String> agentCmd = List.of(java, "-javaagent:" + jar + "=" + options, "-cp", cp, App.class.getName(),
        serves ? "5000" : "0");
    double[] plain = new double[runs];
    double[] empty = new double[runs];
    double[] agent = new double[runs];
    double[] serving = new double[runs];
    run(plainCmd, false); // warm the file cache
    run(noopCmd, false);
    run(agentCmd, serves);
    for (int i = 0; i < runs; i++) {
      plain[i] = run(plainCmd, false)[0];
      empty[i] = run(noopCmd, false)[0];
      double[] a = run(agentCmd, serves);
      agent[i] = a[0];
      serving[i] = a[1];
    }
    double p = median(plain);
    double e = median(empty);
    double a = median(agent);
    System.out.printf("JDK %s, %d runs each, alternating; agent options %s; medians%n", Runtime.version(), runs, options);
    System.out.printf("launch -> main, no agent:                %7.1f ms%n", p);
    System.out.printf("launch -> main, -javaagent:<empty agent> %7.1f ms  (%.2fx)%n", e, e / p);
    System.out.printf("launch -> main, -javaagent:jpprof-agent  %7.1f ms  (%.2fx; %.2fx the empty agent, %+.1f ms)%n",
        a, a / p, a / e, a - e);
    if (serves) {
      System.out.printf("launch -> jpprof serving                 %7.1f ms%n", median(serving));
    }
    System.out.printf("agent jar: %d bytes (%.1f MiB)%n", Files.size(jar), Files.size(jar) / 1048576.0);
  }

  private static Path noopAgentJar() throws java.io.IOException {
    Path jar = Files.createTempFile("noop-agent", ".jar");
    jar.toFile().deleteOnExit();
    java.util.jar.Manifest m = new java.util.jar.Manifest();
    m.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
    m.getMainAttributes().putValue("Premain-Class", NoopAgent.class.getName()); // found on -cp
    try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar), m)) {
      return jar;
    }
  }

  /** Milliseconds from start to the "main" line, and (if waited for) to the agent's "serving" line. */
  private static double[] run(List<String> command, boolean awaitServing) throws Exception {
    long start = System.nanoTime();
    Process p = new ProcessBuilder(command).start();
    double[] out = new double[2];
    Thread err = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          if (line.contains("pprof: serving http") && out[1] == 0) {
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
