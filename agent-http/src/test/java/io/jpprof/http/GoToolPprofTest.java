package io.jpprof.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpprof.Profile;
import io.jpprof.fixtures.BlockedThreads;
import io.jpprof.fixtures.GoPprof;
import io.jpprof.fixtures.PprofValidator;
import io.jpprof.fixtures.TopReport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The real {@code go tool pprof} against a real server: the judge of every endpoint. */
class GoToolPprofTest {
  private static final String HANDLES = "example.test/handles";
  private static final String OPEN_HANDLE = GoToolPprofTest.class.getName() + ".openHandle";

  @RegisterExtension static final TestServer SERVER = new TestServer();
  private static String base;

  @BeforeAll
  static void start() {
    base = SERVER.url("");
  }


  @Test
  void goroutineProfileShowsBlockedThreadsOnTheirMethod() {
    try (BlockedThreads blocked = BlockedThreads.start("http-blocked", 50)) {
      TopReport top = TopReport.parse(GoPprof.run("-top", base + "goroutine").ok());
      assertThat(top.row(BlockedThreads.METHOD).cum()).isGreaterThanOrEqualTo(50);
      String raw = GoPprof.run("-raw", base + "goroutine").ok();
      assertThat(raw).contains("PeriodType: goroutine count").contains(BlockedThreads.METHOD);
    }
  }

  @Test
  void baseOfTwoGoroutineProfilesShowsOnlyTheLeakedThreads(@TempDir Path dir) throws Exception {
    try (BlockedThreads before = BlockedThreads.start("http-before", 50)) {
      Path first = fetch("goroutine", dir.resolve("g1.pb.gz"));
      try (BlockedThreads leaked = BlockedThreads.start("http-leaked", 30)) {
        Path second = fetch("goroutine", dir.resolve("g2.pb.gz"));
        TopReport diff = TopReport.parse(
            GoPprof.run("-top", "-base", first.toString(), second.toString()).ok());
        assertThat(diff.row(BlockedThreads.METHOD).cum()).isEqualTo(30);
      }
    }
  }

  @Test
  void legacyTextLoadsAndNamesJavaMethodsThroughTheSymbolEndpoint() {
    try (BlockedThreads blocked = BlockedThreads.start("http-text", 20)) {
      GoPprof.Result result = GoPprof.run("-top", base + "goroutine?debug=1");
      TopReport top = TopReport.parse(result.ok());
      assertThat(top.row(BlockedThreads.METHOD)).as(result.stdout() + result.stderr()).isNotNull();
      assertThat(top.row(BlockedThreads.METHOD).cum()).isGreaterThanOrEqualTo(20);
    }
  }

  @Test
  void customProfileIsServedAndReadByPprof() throws Exception {
    Profile handles = Profile.lookup(HANDLES) != null ? Profile.lookup(HANDLES) : Profile.newProfile(HANDLES);
    Object[] values = new Object[50];
    for (int i = 0; i < values.length; i++) {
      values[i] = new Object();
      openHandle(handles, values[i]);
    }
    try {
      PprofValidator.parse(get(HANDLES));
      TopReport top = TopReport.parse(GoPprof.run("-top", base + HANDLES).ok());
      assertThat(top.row(OPEN_HANDLE).flat()).isEqualTo(50);
      TopReport text = TopReport.parse(GoPprof.run("-top", base + HANDLES + "?debug=1").ok());
      assertThat(text.row(OPEN_HANDLE).flat()).isEqualTo(50);
    } finally {
      for (Object v : values) {
        handles.remove(v);
      }
    }
  }

  @Test
  void unknownProfileErrorIsPrintedByPprof() {
    GoPprof.Result result = GoPprof.run("-top", base + "nosuch");
    assertThat(result.exitCode()).isNotZero();
    assertThat(result.stderr()).contains("server response: 404 Not Found - Unknown profile");
  }

  private static void openHandle(Profile p, Object handle) {
    p.add(handle, 0);
  }

  private static Path fetch(String name, Path file) throws IOException, InterruptedException {
    byte[] profile = get(name);
    PprofValidator.parse(profile);
    Files.write(file, profile);
    return file;
  }

  private static byte[] get(String name) throws IOException, InterruptedException {
    HttpResponse<byte[]> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(base + name)).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }
}
