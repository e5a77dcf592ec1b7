package io.jpprof.http;

import static io.jpprof.http.NamedProfileTest.assertGoError;
import static org.assertj.core.api.Assertions.assertThat;

import io.jpprof.fixtures.CpuWork;
import io.jpprof.fixtures.Recordings;
import io.jpprof.internal.Collectors;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code /debug/pprof/trace}: a JFR recording the running JDK's {@code jfr} tool reads. */
class TraceEndpointTest {
  @RegisterExtension static final TestServer SERVER = new TestServer();



  @Test
  void traceIsAJfrRecordingWithProfilingEventsBesideACpuProfile(@TempDir Path dir) throws Exception {
    CompletableFuture<CpuWork.Split> work = CompletableFuture.supplyAsync(() -> split(2));
    CompletableFuture<RawHttp.Response> cpu = CompletableFuture.supplyAsync(() -> get("/debug/pprof/profile?seconds=1"));
    RawHttp.Response r = SERVER.http().get("/debug/pprof/trace?seconds=1");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).isEqualTo("application/octet-stream");
    assertThat(r.header("Content-Disposition")).isEqualTo("attachment; filename=\"trace\"");
    Path file = dir.resolve("trace.jfr");
    Files.write(file, DeltaEndpointsTest.dechunk(r));
    assertThat(cpu.get(30, TimeUnit.SECONDS).status()).as("a CPU profile runs beside a trace").isEqualTo(200);
    work.get(30, TimeUnit.SECONDS);

    Path jfr = Path.of(System.getProperty("java.home"), "bin", "jfr");
    Process p = new ProcessBuilder(jfr.toString(), "summary", file.toString()).redirectErrorStream(true).start();
    String summary = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(summary).isZero();
    assertThat(summary).contains("jdk.ExecutionSample");
    long samples = summary.lines().filter(l -> l.trim().startsWith("jdk.ExecutionSample "))
        .mapToLong(l -> Long.parseLong(l.trim().split("\\s+")[1])).sum();
    assertThat(samples).as(summary).isPositive();
    assertThat(Collectors.process().tracer().active()).isFalse();
  }

  @Test
  void aSecondConcurrentTraceGetsGosErrorAndAGoneClientLeavesNothingRunning() throws Exception {
    io.jpprof.internal.Collectors.process().stream().awaitRunning(java.time.Duration.ofSeconds(20)); // the server's own recording
    List<Recording> before = Recordings.perRequest();
    try (Socket s = new Socket("127.0.0.1", SERVER.port())) {
      OutputStream out = s.getOutputStream();
      out.write("GET /debug/pprof/trace?seconds=1.5 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (!Collectors.process().tracer().active()) {
        assertThat(System.nanoTime()).isLessThan(deadline);
        Thread.sleep(10);
      }
      assertGoError(SERVER.http().get("/debug/pprof/trace"), 500, "Could not enable tracing: runtime error: tracing is already enabled\n");
    } // the client goes away mid-window
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (Collectors.process().tracer().active() || Recordings.perRequest().size() > before.size()) {
      assertThat(System.nanoTime()).as("trace recording still open").isLessThan(deadline);
      Thread.sleep(50);
    }
    assertThat(Recordings.perRequest()).hasSameSizeAs(before);
    try (Stream<Path> tmp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      assertThat(tmp.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("jpprof-trace-"));
    }
  }


  private static CpuWork.Split split(int seconds) {
    try {
      return CpuWork.split(1, Duration.ofSeconds(seconds));
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private static RawHttp.Response get(String target) {
    try {
      return SERVER.http().get(target);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
