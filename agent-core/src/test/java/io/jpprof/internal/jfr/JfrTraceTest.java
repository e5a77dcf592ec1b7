package io.jpprof.internal.jfr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jpprof.fixtures.ForkedJvm;
import io.jpprof.internal.Collectors;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Traces: no secrets unless asked for (checked with the JDK's own {@code jfr print} on traces of a
 * JVM with a planted environment variable and system property), bounded, and cancellable at once.
 */
class JfrTraceTest {
  static final String ENV_SECRET = "planted-env-secret-7f3a";
  static final String PROP_SECRET = "planted-prop-secret-91c2";

  /** Child: writes a trace without secrets to args[0] and, unless args[1] is "-", one with to args[1]. */
  public static final class Main {
    public static void main(String[] args) throws Exception {
      try (JfrTrace t = Collectors.process().tracer().start(Duration.ofMillis(500), false)) {
        spin(500);
        try (OutputStream out = Files.newOutputStream(Path.of(args[0]))) {
          t.writeTo(out);
        }
      } catch (IllegalStateException e) {
        System.out.println("REFUSED: " + e.getMessage());
        return;
      }
      if (!args[1].equals("-")) {
        try (JfrTrace t = Collectors.process().tracer().start(Duration.ofMillis(500), true);
            OutputStream out = Files.newOutputStream(Path.of(args[1]))) {
          spin(500);
          t.writeTo(out);
        }
      }
      System.out.println("OK");
    }

    /** Runs Java code for a while, so that the trace has execution samples. */
    static long spin(long millis) {
      long until = System.nanoTime() + millis * 1_000_000;
      long x = 0;
      while (System.nanoTime() < until) {
        x += Long.toString(x).hashCode();
      }
      return x;
    }
  }

  @Test
  void aTraceLeavesOutEnvironmentPropertiesAndArgumentsUnlessAskedFor(@TempDir Path dir) throws Exception {
    Path without = dir.resolve("without.jfr");
    Path with = dir.resolve("with.jfr");
    ForkedJvm.Result r = ForkedJvm.run(Main.class, List.of("-Djpprof.planted.password=" + PROP_SECRET),
        Map.of("JPPROF_PLANTED_TOKEN", ENV_SECRET), without.toString(), with.toString());
    assertThat(r.ok()).contains("OK");
    assertThat(r.leftInTmp()).as("temp files left by the child").isEmpty();
    String clean = jfrPrint(without);
    assertThat(clean).contains("jdk.ExecutionSample").doesNotContain(ENV_SECRET).doesNotContain(PROP_SECRET)
        .doesNotContain("jdk.InitialEnvironmentVariable").doesNotContain("jdk.JVMInformation");
    // the control: the same JVM's trace with secrets has them, so the check above can fail
    assertThat(jfrPrint(with)).contains(ENV_SECRET).contains(PROP_SECRET);
  }

  @Test
  void anotherRecordingThatRecordsSecretsDoesNotLeakThemIntoTheTrace(@TempDir Path dir) throws Exception {
    Path without = dir.resolve("without.jfr");
    // -XX:StartFlightRecording (default.jfc) records environment and properties into the chunks
    // every recording in the JVM shares
    ForkedJvm.Result r = ForkedJvm.run(Main.class,
        List.of("-XX:StartFlightRecording", "-Djpprof.planted.password=" + PROP_SECRET),
        Map.of("JPPROF_PLANTED_TOKEN", ENV_SECRET), without.toString(), "-");
    if (Runtime.version().feature() < 19) {
      assertThat(r.ok()).contains("REFUSED: another JFR recording in this JVM").contains("cannot filter");
      return;
    }
    assertThat(r.ok()).contains("OK");
    assertThat(jfrPrint(without)).contains("jdk.ExecutionSample").doesNotContain(ENV_SECRET)
        .doesNotContain(PROP_SECRET);
  }

  @Test
  void cancelEndsTheTraceAtOnceAndTheNextOneStarts() throws Exception {
    List<String> tmpBefore = traceFiles();
    JfrTrace t = Collectors.process().tracer().start(Duration.ofSeconds(1_000_000_000L), false);
    assertThat(t.window()).isEqualTo(JfrTrace.MAX_DURATION);
    assertThat(Collectors.process().tracer().active()).isTrue();
    assertThat(traceRecordings()).hasSize(1);
    assertThatThrownBy(() -> Collectors.process().tracer().start(Duration.ofSeconds(1), false)).hasMessage(JfrTrace.IN_USE);
    long t0 = System.nanoTime();
    t.cancel();
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
    assertThat(Collectors.process().tracer().active()).isFalse();
    assertThat(traceRecordings()).isEmpty();
    assertThatThrownBy(() -> t.writeTo(new ByteArrayOutputStream())).isInstanceOf(IllegalStateException.class);
    t.cancel(); // idempotent

    try (JfrTrace next = Collectors.process().tracer().start(Duration.ofMillis(200), false)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      next.writeTo(out);
      assertThat(out.size()).isGreaterThan(1000);
      assertThat(new String(out.toByteArray(), 0, 4, StandardCharsets.ISO_8859_1)).isEqualTo("FLR\0");
    }
    assertThat(traceRecordings()).isEmpty();
    assertThat(traceFiles()).isEqualTo(tmpBefore);
  }

  @Test
  void cancelWhileTheTraceIsBeingWrittenFailsTheWriteAndLeavesNothing() throws Exception {
    List<String> tmpBefore = traceFiles();
    JfrTrace t = Collectors.process().tracer().start(Duration.ofSeconds(5), false);
    CountDownLatch writing = new CountDownLatch(1);
    OutputStream slowClient = new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        writing.countDown();
        try {
          Thread.sleep(5_000); // a client that reads slowly; cancel() comes meanwhile
        } catch (InterruptedException e) {
          throw new IOException("interrupted", e);
        }
      }
    };
    Thread writer = new Thread(() -> {
      try {
        t.writeTo(slowClient);
      } catch (IOException | RuntimeException expected) {
        // the write fails or is cut short; either way nothing must remain
      }
    });
    writer.start();
    assertThat(writing.await(20, TimeUnit.SECONDS)).isTrue();
    t.cancel();
    assertThat(Collectors.process().tracer().active()).isFalse();
    assertThat(traceRecordings()).isEmpty();
    writer.interrupt();
    writer.join(10_000);
    assertThat(writer.isAlive()).isFalse();
    assertThat(traceFiles()).isEqualTo(tmpBefore);
  }

  @Test
  void anUncollectedTraceEndsByItselfAfterItsWindowAndGrace() throws Exception {
    Collectors.process().tracer().start(Duration.ofMillis(300), false, Duration.ofMillis(700)); // never collected
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!traceRecordings().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(traceRecordings()).as("JFR stopped the abandoned trace and jpprof closed it").isEmpty();
    assertThat(Collectors.process().tracer().active()).isFalse();
    try (JfrTrace next = Collectors.process().tracer().start(Duration.ofMillis(100), false)) {
      next.writeTo(OutputStream.nullOutputStream());
    }
  }

  @Test
  void aTraceIsBoundedInTimeAndSizeAndSwitchesTheSecretEventsOff() throws Exception {
    try (JfrTrace t = Collectors.process().tracer().start(Duration.ofDays(3), false)) {
      Recording r = traceRecordings().get(0);
      assertThat(r.getMaxSize()).isEqualTo(JfrTrace.MAX_SIZE);
      assertThat(r.getDuration()).isEqualTo(JfrTrace.MAX_DURATION.plus(JfrTrace.GRACE));
      assertThat(r.getSettings()).containsEntry("jdk.InitialEnvironmentVariable#enabled", "false")
          .containsEntry("jdk.JVMInformation#enabled", "false")
          .containsEntry("jdk.SystemProcess#enabled", "false");
    }
  }

  static List<Recording> traceRecordings() {
    return FlightRecorder.getFlightRecorder().getRecordings().stream()
        .filter(r -> "jpprof trace".equals(r.getName())).toList();
  }

  static List<String> traceFiles() throws IOException {
    try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("jpprof-trace-")).sorted().toList();
    }
  }

  static String jfrPrint(Path file) throws Exception {
    Path jfr = Path.of(System.getProperty("java.home"), "bin", "jfr");
    Process p = new ProcessBuilder(jfr.toString(), "print", file.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }
}
