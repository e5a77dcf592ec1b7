package io.jpprof.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A forked JVM of the running JDK, its output in files, killed on close. */
final class Jvm implements AutoCloseable {
  static final Path AGENT_JAR = Path.of(System.getProperty("jpprof.agent.jar", "target/jpprof-agent.jar"));
  static final Path TEST_APPS = Path.of(System.getProperty("jpprof.test.apps", "target/test-apps"));
  static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
  static final int FEATURE = Runtime.version().feature();
  private static final Pattern URL = Pattern.compile("serving (http://\\S+)");

  final Process process;
  final Path stdout;
  final Path stderr;

  private Jvm(Process process, Path stdout, Path stderr) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /** Starts {@code java <args>} with extra environment variables. */
  static Jvm start(Map<String, String> env, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(JAVA);
    command.addAll(args);
    try {
      Path dir = Files.createTempDirectory("jpprof-agent-it");
      Path out = dir.resolve("stdout");
      Path err = dir.resolve("stderr");
      ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
      pb.environment().keySet().removeIf(k -> k.startsWith("JPPROF_"));
      pb.environment().putAll(env);
      pb.redirectOutput(out.toFile()).redirectError(err.toFile());
      return new Jvm(pb.start(), out, err);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Jvm start(String... args) {
    return start(Map.of(), List.of(args));
  }

  /** Runs {@code java <args>} to its end (at most 60 s). */
  static Result run(String... args) {
    try (Jvm jvm = start(args)) {
      if (!jvm.process.waitFor(60, TimeUnit.SECONDS)) {
        throw new AssertionError("did not end in 60 s: " + List.of(args) + "\n" + jvm.err());
      }
      return new Result(jvm.process.exitValue(), jvm.out(), jvm.err());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Exit status and output of a finished JVM. */
  record Result(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
  }

  /** An H2 TCP server from Maven Central on a free port. */
  static Jvm h2(int port, String... jvmArgs) {
    List<String> args = new ArrayList<>(List.of(jvmArgs));
    args.addAll(List.of("-cp", TEST_APPS.resolve("h2.jar").toString(), "org.h2.tools.Server",
        "-tcp", "-tcpPort", Integer.toString(port), "-ifNotExists"));
    return start(Map.of(), args);
  }

  long pid() {
    return process.pid();
  }

  String out() {
    return read(stdout);
  }

  String err() {
    return read(stderr);
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until stdout or stderr contains {@code text}; fails if the JVM ends first. */
  Jvm await(String text, Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    while (!(out() + err()).contains(text)) {
      if (!process.isAlive()) {
        throw new AssertionError("the JVM ended before printing " + text + "\n" + this);
      }
      if (System.nanoTime() > end) {
        throw new AssertionError("no " + text + " within " + timeout + "\n" + this);
      }
      sleep(50);
    }
    return this;
  }

  /** The URL the agent logged ("pprof: serving http://..."). */
  String servedUrl() {
    await("pprof: serving http", Duration.ofSeconds(30));
    Matcher m = URL.matcher(err());
    if (!m.find()) {
      throw new AssertionError("no URL in\n" + err());
    }
    return m.group(1);
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "pid " + process.pid() + "\nstdout:\n" + out() + "\nstderr:\n" + err();
  }
}
