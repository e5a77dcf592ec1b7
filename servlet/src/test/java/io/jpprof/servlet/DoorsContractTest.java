package io.jpprof.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpprof.fixtures.GoPprof;
import io.jpprof.fixtures.PprofValidator;
import io.jpprof.fixtures.Recordings;
import io.jpprof.internal.Collectors;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same Go contract through every door ({@link Doors}): standalone server, Undertow handler in a
 * user's Undertow, servlet in real embedded Tomcat (context {@code /app}) and Jetty (context {@code
 * /svc}, mapped at {@code /actuator/pprof/*}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DoorsContractTest {
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private List<Door> doors;

  @BeforeAll
  void start() throws Exception {
    doors = Doors.start();
  }

  @AfterAll
  void stop() throws Exception {
    for (Door d : doors) {
      d.stop();
    }
  }

  Stream<Door> doors() {
    return doors.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("doors")
  void indexRedirectAndErrorsAreGos(Door door) throws Exception {
    String base = door.pprofUrl();
    String prefix = URI.create(base).getPath();
    HttpResponse<String> index = get(base);
    assertThat(index.statusCode()).isEqualTo(200);
    // Tomcat and Jetty rewrite it as text/html;charset=utf-8 (the same media type)
    assertThat(index.headers().firstValue("Content-Type").orElseThrow().replace(" ", "")).isEqualTo("text/html;charset=utf-8");
    assertThat(index.body()).contains("<title>" + prefix + "</title>")
        .contains("<a href='goroutine?debug=1'>goroutine</a>").contains("<a href='cmdline?debug=1'>cmdline</a>");

    HttpResponse<String> bare = get(base.substring(0, base.length() - 1) + "?debug=1");
    assertThat(bare.statusCode()).isEqualTo(301);
    assertThat(bare.headers().firstValue("Location")).hasValue(prefix + "?debug=1");

    HttpResponse<String> unknown = get(base + "nosuch");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).isEqualTo("Unknown profile\n");
    assertThat(unknown.headers().firstValue("X-Go-Pprof")).hasValue("1");
    assertThat(unknown.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");

    HttpResponse<String> post = client.send(HttpRequest.newBuilder(URI.create(base + "cmdline"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");

    HttpResponse<String> cmdline = get(base + "cmdline");
    assertThat(cmdline.statusCode()).isEqualTo(200);
    assertThat(cmdline.body()).contains("java");

    HttpResponse<String> text = get(base + "goroutine?debug=1");
    assertThat(text.body()).startsWith("goroutine profile: total ");

    HttpResponse<String> badSeconds = get(base + "goroutine?seconds=x");
    assertThat(badSeconds.statusCode()).isEqualTo(400);
    assertThat(badSeconds.body()).isEqualTo("invalid value for \"seconds\" - must be a positive integer\n");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("doors")
  void theViewerIsServedUnderThePrefix(Door door) throws Exception {
    String base = door.pprofUrl();
    String prefix = URI.create(base).getPath();
    HttpResponse<String> bare = get(base + "ui");
    assertThat(bare.statusCode()).isEqualTo(301);
    assertThat(bare.headers().firstValue("Location")).hasValue(prefix + "ui/");
    HttpResponse<String> page = get(base + "ui/goroutine?debug=0");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue("default-src 'self'");
    assertThat(page.body()).contains("<title>goroutine · " + prefix + "</title>")
        .contains("<script src=\"assets/viewer.js\"></script>");
    HttpResponse<String> js = get(base + "ui/assets/viewer.js");
    assertThat(js.statusCode()).isEqualTo(200);
    assertThat(js.headers().firstValue("Content-Type").orElseThrow().replace(" ", ""))
        .isEqualTo("text/javascript;charset=utf-8");
    assertThat(js.body()).contains("DecompressionStream");
    assertThat(get(base + "ui/nosuch").statusCode()).isEqualTo(404);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("doors")
  void goToolPprofReadsHeapGoroutineAndProfile(Door door) throws Exception {
    String base = door.pprofUrl();
    for (String profile : new String[] {"heap", "goroutine"}) {
      String top = GoPprof.run("-top", base + profile).ok();
      assertThat(top).as(profile).contains("Showing nodes");
    }
    String top = GoPprof.run("-top", "-seconds", "2", base + "profile").ok();
    assertThat(top).contains("Type: cpu");
    byte[] delta = client.send(HttpRequest.newBuilder(URI.create(base + "goroutine?seconds=1")).build(),
        HttpResponse.BodyHandlers.ofByteArray()).body();
    PprofValidator.parse(delta);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("doors")
  void anAbandonedProfileLeavesNoRecordingRunning(Door door) throws Exception {
    awaitNoCpuProfile(10);
    int before = Recordings.perRequest().size();
    URI uri = URI.create(door.pprofUrl() + "profile?seconds=10");
    try (Socket s = new Socket("127.0.0.1", uri.getPort())) {
      OutputStream out = s.getOutputStream();
      out.write(("GET " + uri.getRawPath() + "?" + uri.getRawQuery() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      assertThat(in.read()).isEqualTo('H');
      assertThat(Collectors.process().cpu().active()).isTrue();
      Thread.sleep(1000);
    }
    long left = awaitNoCpuProfile(8);
    assertThat(left).as("profile still running 8 s after the client left").isPositive();
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (Recordings.perRequest().size() > before && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    // at most as many as before: the collectors' own recordings may restart meanwhile (one fewer)
    assertThat(Recordings.perRequest().size()).as("recordings: %s", Recordings.perRequest()).isLessThanOrEqualTo(before);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("doors")
  void sixteenLongRequestsDoNotBlockTheHost(Door door) throws Exception {
    // fresh connections for the long ones (pooled ones from earlier tests are not the subject here)
    HttpClient fresh = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    List<CompletableFuture<HttpResponse<byte[]>>> longOnes = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      longOnes.add(fresh.sendAsync(HttpRequest.newBuilder(URI.create(door.pprofUrl() + "goroutine?seconds=5")).build(),
          HttpResponse.BodyHandlers.ofByteArray()));
    }
    Thread.sleep(1000); // all 16 in their window
    String probe = door.hostUrl() != null ? door.hostUrl() : door.pprofUrl();
    for (int i = 0; i < 5; i++) {
      long t0 = System.nanoTime();
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(probe)).timeout(Duration.ofSeconds(3)).build(),
          HttpResponse.BodyHandlers.ofString());
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(ms).as("host endpoint answered in %d ms while 16 long requests ran", ms).isLessThan(1000);
      HttpResponse<String> index = get(door.pprofUrl());
      assertThat(index.statusCode()).isEqualTo(200);
    }
    List<String> failed = new ArrayList<>();
    for (int i = 0; i < longOnes.size(); i++) {
      try {
        HttpResponse<byte[]> r = longOnes.get(i).get(30, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(200);
        PprofValidator.parse(r.body());
      } catch (Exception | AssertionError e) {
        failed.add("#" + i + ": " + e);
      }
    }
    assertThat(failed).as("%s: long requests that failed", door).isEmpty();
  }

  private HttpResponse<String> get(String url) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Waits until no CPU profile runs; returns the nanoseconds left of {@code seconds}, or <= 0. */
  private static long awaitNoCpuProfile(int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (Collectors.process().cpu().active() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    return Collectors.process().cpu().active() ? 0 : Math.max(1, deadline - System.nanoTime());
  }
}
