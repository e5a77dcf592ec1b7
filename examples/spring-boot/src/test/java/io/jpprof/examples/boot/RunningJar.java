package io.jpprof.examples.boot;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The example's repackaged jar, started as docs/setup.md says ({@code java
 * -XX:FlightRecorderOptions:stackdepth=256 -jar jpprof-example-spring-boot.jar}, the flag from the
 * pom's {@code jpprof.example.jvm}) in a child JVM of the Java running the test, on two free
 * loopback ports; its output goes to a file under {@code target/} for diagnosis. Closing it stops
 * the child and anything it started.
 */
final class RunningJar implements AutoCloseable {
  private static final Duration STARTUP = Duration.ofSeconds(60);
  private static final Duration SHUTDOWN = Duration.ofSeconds(20);

  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final Process process;
  private final Path log;
  final int appPort;
  final int managementPort;

  private RunningJar(Process process, Path log, int appPort, int managementPort) {
    this.process = process;
    this.log = log;
    this.appPort = appPort;
    this.managementPort = managementPort;
  }

  /**
   * {@code java <jpprof.example.jvm> -jar <jar> --server.port=A --management.server.port=M <extraArgs>}; returns once
   * the management port answers {@code /actuator/health} and the application port answers, or
   * fails (child stopped) after 60 s or when the child exits.
   */
  static RunningJar start(String name, String... extraArgs) throws IOException, InterruptedException {
    Path jar = Path.of(property("jpprof.example.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new AssertionError("no repackaged jar at " + jar + ": run through mvn verify (package builds it)");
    }
    Path log = Path.of(property("jpprof.example.logs")).resolve(name + ".log");
    Files.createDirectories(log.getParent());
    int[] ports = freePorts(2);
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        property("jpprof.example.jvm"),
        "-jar", jar.toString(),
        "--server.port=" + ports[0],
        "--management.server.port=" + ports[1]));
    command.addAll(List.of(extraArgs));
    Files.writeString(log, String.join(" ", command) + "\n\n", StandardCharsets.UTF_8);
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    RunningJar running = new RunningJar(process, log, ports[0], ports[1]);
    try {
      running.awaitStarted();
      return running;
    } catch (Throwable t) {
      running.close();
      throw t;
    }
  }

  /** GET on the loopback address, {@code port} and {@code path}. */
  static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** {@code http://127.0.0.1:<management port><path>}. */
  String managementUrl(String path) {
    return "http://127.0.0.1:" + managementPort + path;
  }

  /** What the child printed so far. */
  String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(reading " + log + ": " + e + ")";
    }
  }

  private void awaitStarted() throws InterruptedException {
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("the jar exited " + process.exitValue() + " before it served; its output ("
            + log + "):\n" + output());
      }
      if (answers(managementPort, "/actuator/health") && answers(appPort, "/hello")) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("the jar did not answer on ports " + appPort + "/" + managementPort + " within "
        + STARTUP.toSeconds() + " s; its output (" + log + "):\n" + output());
  }

  private static boolean answers(int port, String path) throws InterruptedException {
    try {
      return get(port, path).statusCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  /** Stops the child (and its descendants): politely, then forcibly after 20 s. */
  @Override
  public void close() throws InterruptedException {
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroy();
    descendants.forEach(ProcessHandle::destroy);
    if (!process.waitFor(SHUTDOWN.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(SHUTDOWN.toSeconds(), TimeUnit.SECONDS);
    }
    for (ProcessHandle d : descendants) {
      d.destroyForcibly();
    }
  }

  /** Ports free on the loopback address right now (held together, so they differ). */
  private static int[] freePorts(int n) throws IOException {
    ServerSocket[] sockets = new ServerSocket[n];
    try {
      int[] ports = new int[n];
      for (int i = 0; i < n; i++) {
        sockets[i] = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        ports[i] = sockets[i].getLocalPort();
      }
      return ports;
    } finally {
      for (ServerSocket s : sockets) {
        if (s != null) {
          s.close();
        }
      }
    }
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    if (value == null) {
      throw new IllegalStateException("system property " + name
          + " is not set: this test runs under maven-failsafe (mvn verify), which sets it");
    }
    return value;
  }
}
