package io.jpprof.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpprof.fixtures.CpuWork;
import io.jpprof.fixtures.GoPprof;
import io.jpprof.fixtures.PprofValidator;
import io.jpprof.fixtures.Recordings;
import io.jpprof.fixtures.TopReport;
import io.jpprof.internal.Collectors;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code /debug/pprof/profile} read by the real {@code go tool pprof}. */
class CpuProfileEndpointTest {
  private static final Path FIXTURE_SOURCES = Path.of("..", "src-test-fixtures", "src", "main", "java");

  @RegisterExtension static final TestServer SERVER = new TestServer();
  private static String url;

  @BeforeAll
  static void start() {
    url = SERVER.url("profile");
  }


  @Test
  void goToolPprofFetchesAProfileWithSecondsAndListsTheHotLine(@TempDir Path dir) throws Exception {
    CompletableFuture<CpuWork.Split> work = CompletableFuture.supplyAsync(() -> split(6));
    Path saved = dir.resolve("cpu.pb.gz");
    GoPprof.run("-seconds", "3", "-proto", "-output", saved.toString(), url).ok();
    work.get(20, TimeUnit.SECONDS);
    PprofValidator.parse(Files.readAllBytes(saved));

    TopReport top = TopReport.parse(GoPprof.run("-top", saved.toString()).ok());
    assertThat(top.row(CpuWork.HOT).cum()).isGreaterThan(top.row(CpuWork.COLD).cum());

    String list = GoPprof.run("-list", "CpuWork.spin", "-source_path", FIXTURE_SOURCES.toString(), saved.toString()).ok();
    assertThat(list).contains("ROUTINE ======================== io.jpprof.fixtures.CpuWork.spin");
    // the hot line: the source line of spin()'s loop with the most flat CPU
    String hottest = list.lines().filter(l -> l.matches("\\s*[\\d.]+\\w*\\s+[\\d.]+\\w*\\s+\\d+:.*"))
        .filter(l -> !l.trim().startsWith("."))
        .max(java.util.Comparator.comparingDouble(l -> TopReport.value(l.trim().split("\\s+")[0])))
        .orElseThrow(() -> new AssertionError("no line with samples in:\n" + list));
    assertThat(hottest).as(list).containsAnyOf("for (long i = 0; i < units * 100_000L; i++)", "x = x * 6364136223846793005L");
  }

  @Test
  void flameGraphIsServedByPprofsWebUi(@TempDir Path dir) throws Exception {
    CompletableFuture<CpuWork.Split> work = CompletableFuture.supplyAsync(() -> split(3));
    Path saved = dir.resolve("cpu.pb.gz");
    Files.write(saved, get(url + "?seconds=2").body());
    work.get(20, TimeUnit.SECONDS);
    PprofValidator.parse(Files.readAllBytes(saved));
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    Process ui = new ProcessBuilder(GoPprof.findGo(), "tool", "pprof", "-http=127.0.0.1:" + port, "-no_browser", saved.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("ui.log").toFile()).start();
    try {
      HttpResponse<byte[]> flame = null;
      for (int i = 0; i < 100 && flame == null; i++) {
        try {
          flame = get("http://127.0.0.1:" + port + "/ui/flamegraph");
        } catch (IOException notYet) {
          Thread.sleep(200);
        }
      }
      assertThat(flame).as(Files.readString(dir.resolve("ui.log"))).isNotNull();
      assertThat(flame.statusCode()).isEqualTo(200);
      assertThat(new String(flame.body(), StandardCharsets.UTF_8)).contains("CpuWork");
    } finally {
      ui.destroy();
      ui.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aSecondConcurrentRequestGetsGosError() throws Exception {
    CompletableFuture<HttpResponse<byte[]>> first = CompletableFuture.supplyAsync(() -> {
      try {
        return get(url + "?seconds=3");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!Collectors.process().cpu().active() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    HttpResponse<byte[]> second = get(url + "?seconds=1");
    assertThat(second.statusCode()).isEqualTo(500);
    assertThat(new String(second.body(), StandardCharsets.UTF_8))
        .isEqualTo("Could not enable CPU profiling: cpu profiling already in use\n");
    assertThat(second.headers().firstValue("X-Go-Pprof")).hasValue("1");
    assertThat(second.headers().firstValue("Content-Disposition")).isEmpty();
    assertThat(second.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
    HttpResponse<byte[]> ok = first.get(30, TimeUnit.SECONDS);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"profile\"");
    assertThat(ok.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
    assertThat(ok.headers().firstValue("Content-Encoding")).isEmpty();
    PprofValidator.parse(ok.body());
  }

  @Test
  void aClientThatDisconnectsLeavesNoRecordingRunning() throws Exception {
    io.jpprof.internal.Collectors.process().stream().awaitRunning(Duration.ofSeconds(20)); // the server's own recording
    int before = Recordings.perRequest().size();
    try (Socket s = new Socket("127.0.0.1", SERVER.port())) {
      OutputStream out = s.getOutputStream();
      out.write(("GET /debug/pprof/profile?seconds=30 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      assertThat(in.read()).isEqualTo('H'); // the response has started: the profile runs
      assertThat(Collectors.process().cpu().active()).isTrue();
      Thread.sleep(1000);
    }
    long deadline = System.nanoTime() + 10_000_000_000L;
    while ((Collectors.process().cpu().active() || Recordings.perRequest().size() > before)
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(Collectors.process().cpu().active()).isFalse();
    assertThat(Recordings.perRequest()).hasSize(before);
  }

  private static CpuWork.Split split(int seconds) {
    try {
      return CpuWork.split(1, Duration.ofSeconds(seconds));
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static HttpResponse<byte[]> get(String target) throws IOException, InterruptedException {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(target)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }
}
