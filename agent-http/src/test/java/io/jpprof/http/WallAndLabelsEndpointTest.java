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
import java.util.concurrent.CountDownLatch;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /debug/pprof/wall} and fgprof's paths, and profiler labels on the goroutine profile, over
 * a real server and through {@code go tool pprof}.
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
          .contains("sleeping").contains("/sleepy").contains("wall-sleeper");
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
  private static byte[] gunzipAll(byte[] body) throws Exception {
    byte[] raw = new GZIPInputStream(new ByteArrayInputStream(body)).readAllBytes();
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(out)) {
      gz.write(raw);
    }
    return out.toByteArray();
  }
}
