package io.jpprof.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpprof.Labels;
import io.jpprof.Profile;
import io.jpprof.fixtures.GoPprof;
import io.jpprof.fixtures.LabelledWork;
import io.jpprof.fixtures.PprofValidator;
import io.jpprof.fixtures.TopReport;
import io.jpprof.proto.ProfileProto;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /debug/pprof/wall} and fgprof's paths (inside and beside the prefix), and profiler labels
 * on the goroutine profile, over a real server and through {@code go tool pprof}.
 */
class WallAndLabelsEndpointTest {
  @RegisterExtension static final TestServer SERVER = new TestServer();

  @Test
  void wallProfileThroughGoToolPprofShowsALabelledSleeperWithItsState() throws Exception {
    CountDownLatch stop = new CountDownLatch(1);
    Thread sleeper = LabelledWork.start("wall-sleeper", false, () ->
        Profile.doWithLabels(Labels.of("route", "/sleepy"), () -> {
          try {
            while (!stop.await(5, java.util.concurrent.TimeUnit.MILLISECONDS)) {
              Thread.sleep(20);
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }));
    try {
      String out = GoPprof.run("-top", "-nodefraction=0", "-sample_index=wall", "-tagfocus=route=^/sleepy$",
          SERVER.url("wall?seconds=2&threads=^wall-sleeper$")).ok();
      TopReport top = TopReport.parse(out);
      assertThat(top.shown()).as(out).isGreaterThan(1e9);
      assertThat(GoPprof.run("-tags", SERVER.url("wall?seconds=1&threads=^wall-sleeper$")).ok())
          .contains("sleeping").contains("/sleepy").doesNotContain("wall-sleeper");
    } finally {
      stop.countDown();
      sleeper.join();
    }
  }

  @Test
  void fgprofPathsAnswerWithAWallProfile() throws Exception {
    for (String target : new String[] {"/debug/pprof/fgprof?seconds=1", "/debug/fgprof?seconds=1"}) {
      RawHttp.Response r = SERVER.http().get(target);
      assertThat(r.status()).as(target).isEqualTo(200);
      ProfileProto.Profile p = PprofValidator.parse(gunzipAll(r.body()));
      assertThat(p.getStringTable((int) p.getSampleType(1).getType())).isEqualTo("wall");
      assertThat(p.getStringTable((int) p.getSampleType(1).getUnit())).isEqualTo("nanoseconds");
    }
  }

  @Test
  void fgprofBesideThePrefixOnlyForAPrefixEndingInPprof() throws Exception {
    try (Pprof.Server admin = Pprof.builder().port(0).pathPrefix("/admin/pprof").start();
        Pprof.Server other = Pprof.builder().port(0).pathPrefix("/admin/prof").start()) {
      RawHttp.Response r = new RawHttp(admin.port()).get("/admin/fgprof?seconds=1");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("Content-Disposition")).isEqualTo("attachment; filename=\"fgprof\"");
      PprofValidator.parse(gunzipAll(r.body()));
      assertThat(new RawHttp(admin.port()).get("/debug/fgprof?seconds=1").status()).isEqualTo(404);
      assertThat(new RawHttp(other.port()).get("/admin/fgprof?seconds=1").status()).isEqualTo(404);
      assertThat(new RawHttp(other.port()).get("/admin/prof/fgprof?seconds=1").status()).isEqualTo(200);
    }
    // a door mounted exactly at fgprof's path (how a servlet gets /debug/fgprof) answers there
    try (Pprof.Server exact = Pprof.builder().port(0).pathPrefix("/debug/fgprof").start()) {
      RawHttp.Response r = new RawHttp(exact.port()).get("/debug/fgprof?seconds=1");
      assertThat(r.status()).as(r.text()).isEqualTo(200);
      ProfileProto.Profile p = PprofValidator.parse(gunzipAll(r.body()));
      assertThat(p.getStringTable((int) p.getSampleType(1).getType())).isEqualTo("wall");
    }
    RawHttp.Response post = SERVER.http().send("POST", "/debug/fgprof", new byte[0]);
    assertThat(post.status()).isEqualTo(405);
    assertThat(post.header("Allow")).isEqualTo("GET, HEAD");
    RawHttp.Response head = SERVER.http().send("HEAD", "/debug/pprof/wall?seconds=1", null);
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
  }

  @Test
  void aClientThatGoesAwayEndsItsProfileAndTheSessionLimitIsAGoStyleError() throws Exception {
    List<Socket> clients = new ArrayList<>();
    try {
      for (int i = 0; i < io.jpprof.internal.wall.WallProfiler.MAX_SESSIONS; i++) {
        Socket s = new Socket("127.0.0.1", SERVER.port());
        clients.add(s);
        OutputStream out = s.getOutputStream();
        out.write(("GET /debug/pprof/wall?seconds=60 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = s.getInputStream();
        s.setSoTimeout(20_000);
        assertThat(in.read()).isEqualTo('H'); // the session runs once the response started
      }
      RawHttp.Response full = SERVER.http().get("/debug/fgprof?seconds=1");
      assertThat(full.status()).isEqualTo(500);
      assertThat(full.header("X-Go-Pprof")).isEqualTo("1");
      assertThat(full.text()).startsWith("Could not enable wall-clock profiling: ");
    } finally {
      for (Socket s : clients) {
        s.close();
      }
    }
    // the four sessions end within a heartbeat or two of their clients leaving
    long deadline = System.nanoTime() + 10_000_000_000L;
    RawHttp.Response r;
    do {
      Thread.sleep(200);
      r = SERVER.http().get("/debug/pprof/wall?seconds=1");
    } while (r.status() != 200 && System.nanoTime() < deadline);
    assertThat(r.status()).as(r.text()).isEqualTo(200);
  }

  @Test
  void badParametersAreClearErrors() throws Exception {
    RawHttp.Response r = SERVER.http().get("/debug/pprof/wall?threads=(");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.text()).startsWith("invalid threads regexp: ");
    r = SERVER.http().get("/debug/fgprof?format=folded");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.text()).contains("unknown format \"folded\"");
  }

  @Test
  void goroutineProfileCarriesEachThreadsLabels() throws Exception {
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread t = LabelledWork.start("checkout-worker", false, () ->
        Profile.doWithLabels(Labels.of("route", "/checkout"), () -> {
          inside.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }));
    inside.await();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (t.getState() != Thread.State.WAITING) { // parked in release.await(), as the text says
      assertThat(System.nanoTime()).as("checkout-worker never parked").isLessThan(deadline);
      Thread.sleep(1);
    }
    try {
      String text = SERVER.http().get("/debug/pprof/goroutine?debug=1").text();
      assertThat(text).contains("# labels: {\"route\":\"/checkout\", \"state\":\"WAITING\"}");
      TopReport top = TopReport.parse(GoPprof.run("-top", "-nodefraction=0", "-tagfocus=route=^/checkout$",
          SERVER.url("goroutine")).ok());
      assertThat(top.shown()).isEqualTo(1);
    } finally {
      release.countDown();
      t.join();
    }
  }

  /** The concatenated gzip members of a streamed profile, as one gzip stream. */
  static byte[] gunzipAll(byte[] body) throws Exception {
    byte[] raw = new GZIPInputStream(new ByteArrayInputStream(body)).readAllBytes();
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(out)) {
      gz.write(raw);
    }
    return out.toByteArray();
  }
}
