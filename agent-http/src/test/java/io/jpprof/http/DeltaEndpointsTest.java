package io.jpprof.http;

import io.jpprof.internal.http.DeltaSource;
import io.jpprof.internal.http.Endpoint;
import io.jpprof.internal.http.Limits;
import io.jpprof.internal.http.ScrapeDeltaEndpoint;
import java.time.Duration;

import static io.jpprof.http.NamedProfileTest.assertGoError;
import static org.assertj.core.api.Assertions.assertThat;

import io.jpprof.Profile;
import io.jpprof.fixtures.BlockedThreads;
import io.jpprof.fixtures.GoPprof;
import io.jpprof.fixtures.PprofValidator;
import io.jpprof.fixtures.TopReport;
import io.jpprof.internal.profile.ProfileData;
import io.jpprof.proto.ProfileProto;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code ?seconds=N} deltas on a live server, and the godeltaprof {@code delta_*} paths. */
class DeltaEndpointsTest {
  @RegisterExtension static final TestServer SERVER = new TestServer();

  @BeforeAll
  static void start() {
    TestProfiles.register();
  }


  @Test
  void goToolPprofSecondsOnGoroutineShowsOnlyThreadsLeakedInsideTheWindow() throws Exception {
    String url = SERVER.url("goroutine");
    try (BlockedThreads before = BlockedThreads.start("leak-before", 20)) {
      CompletableFuture<GoPprof.Result> pprof =
          CompletableFuture.supplyAsync(() -> GoPprof.run("-seconds", "3", "-top", "-nodefraction=0", url));
      awaitDeltaWindow(20_000);
      try (BlockedThreads inside = BlockedThreads.start("leak-inside", 30)) {
        TopReport top = TopReport.parse(pprof.get(60, TimeUnit.SECONDS).ok());
        assertThat(top.row(BlockedThreads.METHOD)).as(top.toString()).isNotNull();
        assertThat(top.row(BlockedThreads.METHOD).cum()).as(top.toString()).isEqualTo(30);
      }
    }
  }

  @Test
  void deltaIsAValidProfileNamedNameDeltaWithTimeAndDuration() throws IOException {
    long before = System.currentTimeMillis() * 1_000_000L;
    RawHttp.Response r = SERVER.http().get("/debug/pprof/goroutine?seconds=1");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Disposition")).isEqualTo("attachment; filename=\"goroutine-delta\"");
    assertThat(r.header("Content-Type")).isEqualTo("application/octet-stream");
    assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
    ProfileProto.Profile p = PprofValidator.parse(dechunk(r));
    assertThat(p.getDurationNanos()).isGreaterThanOrEqualTo(1_000_000_000L);
    assertThat(p.getTimeNanos()).isGreaterThan(before + p.getDurationNanos() - 50_000_000L);
    assertThat(p.getStringTable((int) p.getSampleType(0).getType())).isEqualTo("goroutine");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "-1", "2"})
  void secondsAndDebugAreIncompatibleOnARealDelta(String debug) throws IOException {
    long start = System.nanoTime();
    assertGoError(SERVER.http().get("/debug/pprof/goroutine?seconds=5&debug=" + debug), 400,
        "seconds and debug params are incompatible\n");
    assertThat(System.nanoTime() - start).as("answered before any window").isLessThan(2_000_000_000L);
  }

  @Test
  void customProfilesAndUnknownNamesAreGoErrors() throws IOException {
    assertGoError(SERVER.http().get("/debug/pprof/example.com/custom?seconds=1"), 400,
        "\"seconds\" parameter is not supported for this profile type\n");
    assertGoError(SERVER.http().get("/debug/pprof/nosuch?seconds=1"), 404, "Unknown profile\n");
    assertGoError(SERVER.http().get("/debug/pprof/goroutine?seconds=0"), 400,
        "invalid value for \"seconds\" - must be a positive integer\n");
  }

  @Test
  void interruptedBeforeTheResponseStartsIsContextCanceled() throws IOException {
    DeltaSource interrupted =
        FakeDeltas.of(profile -> {
          throw new InterruptedException();
        });
    try (Pprof.Server s = Pprof.builder().port(0).deltas(interrupted).start()) {
      assertGoError(new RawHttp(s.port()).get("/debug/pprof/goroutine?seconds=1"), 500, "context canceled\n");
    }
  }

  @Test
  void aFailureAfterTheResponseStartedCutsTheConnection() throws IOException {
    AtomicInteger snapshots = new AtomicInteger();
    DeltaSource failsLate =
        FakeDeltas.of(profile -> {
          if (snapshots.incrementAndGet() > 1) {
            throw new IOException("second snapshot failed");
          }
          return ProfileData.countProfile(profile.name()).build();
        });
    try (Pprof.Server s = Pprof.builder().port(0).deltas(failsLate).start()) {
      RawHttp.Response r = new RawHttp(s.port()).get("/debug/pprof/goroutine?seconds=1");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.text()).as("no final chunk: the client sees a truncated body").doesNotEndWith("0\r\n\r\n");
    }
  }

  @Test
  void aClientThatGoesAwayEndsTheDeltaEarly() throws Exception {
    try (Socket s = new Socket("127.0.0.1", SERVER.port())) {
      OutputStream out = s.getOutputStream();
      out.write(("GET /debug/pprof/goroutine?seconds=60 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      assertThat(new String(in.readNBytes(12), StandardCharsets.ISO_8859_1)).isEqualTo("HTTP/1.1 200");
    }
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (deltaWindowOpen()) {
      assertThat(System.nanoTime()).as("delta still waiting after the client left").isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"heap", "block", "mutex"})
  void godeltaprofPathsAreUnknownUntilTheirProfileIsRegistered(String name) throws IOException {
    RawHttp.Response r = SERVER.http().get("/debug/pprof/delta_" + name);
    if (Profile.lookup(name) == null) {
      assertGoError(r, 404, "Unknown profile\n");
    } else {
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("Content-Disposition")).isEqualTo("attachment; filename=\"" + name + ".pprof.gz\"");
      PprofValidator.parse(r.body());
    }
  }

  @Test
  void godeltaprofPathScrapesReturnWhatHappenedSinceThePreviousScrape() throws IOException {
    Profile custom = Profile.newProfile("test.scrape.delta");
    Endpoint endpoint = new ScrapeDeltaEndpoint(io.jpprof.internal.Collectors.process(), "test.scrape.delta", new Limits(1, Duration.ZERO));
    try (Pprof.Server s = Pprof.builder().port(0).deltas(DeltaSource.NONE).endpoint("delta_custom", endpoint).start()) {
      RawHttp client = new RawHttp(s.port());
      custom.add("a", 0);
      custom.add("b", 0);
      RawHttp.Response first = client.get("/debug/pprof/delta_custom?debug=1&seconds=5");
      assertThat(first.status()).isEqualTo(200);
      assertThat(first.header("Content-Disposition"))
          .isEqualTo("attachment; filename=\"test.scrape.delta.pprof.gz\"");
      assertThat(total(PprofValidator.parse(first.body()))).isEqualTo(2);
      custom.add("c", 0);
      assertThat(total(PprofValidator.parse(client.get("/debug/pprof/delta_custom").body()))).isEqualTo(1);
      assertThat(total(PprofValidator.parse(client.get("/debug/pprof/delta_custom").body()))).isZero();
      assertThat(client.get("/debug/pprof/").text()).doesNotContain("delta_custom");
    }
  }

  private static long total(ProfileProto.Profile p) {
    return p.getSampleList().stream().mapToLong(x -> x.getValue(0)).sum();
  }

  /** True while some thread waits in a delta's window (after its first snapshot). */
  static boolean deltaWindowOpen() {
    for (StackTraceElement[] stack : Thread.getAllStackTraces().values()) {
      boolean waiting = false;
      for (StackTraceElement e : stack) {
        waiting |= e.getClassName().equals("io.jpprof.internal.http.Waits") && e.getMethodName().equals("sleep");
        if (waiting && e.getMethodName().equals("serveDelta")) {
          return true;
        }
      }
    }
    return false;
  }

  private static void awaitDeltaWindow(long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    while (!deltaWindowOpen()) {
      assertThat(System.nanoTime()).as("no delta window opened").isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  /** The body of a chunked response, or the body itself when it was not chunked. */
  static byte[] dechunk(RawHttp.Response r) {
    if (!"chunked".equalsIgnoreCase(r.header("Transfer-Encoding"))) {
      return r.body();
    }
    byte[] raw = r.body();
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    int i = 0;
    while (true) {
      int eol = i;
      while (raw[eol] != '\r') {
        eol++;
      }
      int size = Integer.parseInt(new String(raw, i, eol - i, StandardCharsets.ISO_8859_1).split(";")[0].trim(), 16);
      if (size == 0) {
        return out.toByteArray();
      }
      out.write(raw, eol + 2, size);
      i = eol + 2 + size + 2;
    }
  }
}
