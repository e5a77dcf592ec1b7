package io.jpprof.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpprof.fixtures.Allocations;
import io.jpprof.fixtures.GoPprof;
import io.jpprof.fixtures.PprofValidator;
import io.jpprof.fixtures.TopReport;
import io.jpprof.internal.Collectors;
import io.jpprof.proto.ProfileProto;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code /debug/pprof/heap} and {@code /allocs}: proto, gc=1, the legacy text, and pprof reading both. */
class HeapEndpointTest {
  private static final Pattern HEADER =
      Pattern.compile("heap profile: (\\d+): (\\d+) \\[(\\d+): (\\d+)\\] @ heap/2");
  private static final Pattern RECORD = Pattern.compile("(\\d+): (\\d+) \\[(\\d+): (\\d+)\\] @( 0x[0-9a-f]+)+");

  private static Pprof.Server server;
  private static RawHttp http;

  @BeforeAll
  static void start() throws InterruptedException {
    server = Pprof.start(0);
    http = new RawHttp(server.port());
    assertThat(Collectors.process().heap().awaitRecorded(Duration.ofSeconds(20))).isTrue();
    Allocations.mixedFor(300, 7);
    Allocations.retain(20L << 20);
    System.gc();
    assertThat(Collectors.process().heap().awaitRecorded(Duration.ofSeconds(10))).isTrue();
  }

  @AfterAll
  static void stop() {
    Allocations.release();
    server.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"heap", "allocs"})
  void protoIsAValidAttachmentWithGoSampleTypes(String name) throws IOException {
    RawHttp.Response r = http.get("/debug/pprof/" + name);
    NamedProfileTest.assertBinary(r, name);
    ProfileProto.Profile p = PprofValidator.parse(r.body());
    List<String> types = new ArrayList<>();
    p.getSampleTypeList().forEach(t -> types.add(p.getStringTable((int) t.getType())));
    assertThat(types).containsExactly("alloc_objects", "alloc_space", "inuse_objects", "inuse_space");
    assertThat(p.getStringTable((int) p.getDefaultSampleType())).isEqualTo(name.equals("allocs") ? "alloc_space" : "");
    assertThat(p.getSampleCount()).isPositive();
  }

  @Test
  void gcOnHeapCalibratesWithTheClassHistogramButNotOnAllocs() throws IOException {
    ProfileProto.Profile heap = PprofValidator.parse(http.get("/debug/pprof/heap?gc=1").body());
    assertThat(comments(heap)).contains("GC.class_histogram");
    ProfileProto.Profile allocs = PprofValidator.parse(http.get("/debug/pprof/allocs?gc=1").body());
    // allocs ignores gc (as in Go), but a heap profile right before may still be calibrated: only
    // check that a plain heap profile after a new GC is not.
    assertThat(allocs.getSampleCount()).isPositive();
    Allocations.garbage(64L << 20);
    System.gc();
    ProfileProto.Profile later = PprofValidator.parse(http.get("/debug/pprof/heap?gc=0").body());
    assertThat(comments(later)).doesNotContain("GC.class_histogram").contains("after the last GC");
  }

  @ParameterizedTest
  @ValueSource(strings = {"heap", "allocs"})
  void legacyTextFollowsGoGrammarWithJvmTrailer(String name) throws IOException {
    RawHttp.Response r = http.get("/debug/pprof/" + name + "?debug=1");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
    String[] lines = r.text().split("\n", -1);
    Matcher header = HEADER.matcher(lines[0]);
    assertThat(header.matches()).as(lines[0]).isTrue();
    long[] sums = new long[4];
    int records = 0;
    long previousInuse = Long.MAX_VALUE;
    int trailer = -1;
    for (int i = 1; i < lines.length; i++) {
      Matcher m = RECORD.matcher(lines[i]);
      if (m.matches()) {
        records++;
        for (int k = 0; k < 4; k++) {
          sums[k] += Long.parseLong(m.group(k + 1));
        }
        assertThat(Long.parseLong(m.group(2))).isLessThanOrEqualTo(previousInuse);
        previousInuse = Long.parseLong(m.group(2));
        assertThat(lines[i + 1]).startsWith("#\t0x");
      } else if (lines[i].equals("# java.lang.management")) {
        trailer = i;
      } else {
        assertThat(lines[i]).as("line " + i).matches("|#.*");
      }
    }
    assertThat(records).isPositive();
    assertThat(Long.parseLong(header.group(1))).isEqualTo(sums[0]);
    assertThat(Long.parseLong(header.group(2))).isEqualTo(sums[1]);
    assertThat(Long.parseLong(header.group(3))).isEqualTo(sums[2]);
    long alloc = Long.parseLong(header.group(4));
    assertThat(alloc).isEqualTo(sums[3] == sums[1] ? sums[3] + 1 : sums[3]);
    assertThat(trailer).isPositive();
    List<String> keys = new ArrayList<>();
    for (int i = trailer + 1; i < lines.length && !lines[i].isEmpty(); i++) {
      assertThat(lines[i]).matches("# [A-Za-z]+(\\[[^\\]]+\\])? = .+");
      keys.add(lines[i].substring(2, lines[i].indexOf(" = ")));
    }
    assertThat(keys).contains("HeapUsed", "HeapCommitted", "HeapMax", "NonHeapUsed", "RecentGCDurationsMs",
        "NumGC", "LoadedClasses", "Threads", "PeakThreads", "DaemonThreads", "SampledAlloc", "MaxRSS");
    assertThat(keys).anyMatch(k -> k.startsWith("Pool[")).anyMatch(k -> k.startsWith("GC["));
  }

  @ParameterizedTest
  @ValueSource(strings = {"heap", "allocs"})
  void goToolPprofReadsProtoAndLegacyText(String name) {
    String base = "http://127.0.0.1:" + server.port() + "/debug/pprof/";
    TopReport proto = TopReport.parse(GoPprof.run("-top", "-sample_index=alloc_space", base + name).ok());
    assertThat(proto.rows()).isNotEmpty();
    GoPprof.Result text = GoPprof.run("-top", "-sample_index=alloc_space", base + name + "?debug=1");
    TopReport top = TopReport.parse(text.ok());
    assertThat(top.rows().keySet()).as(text.stdout() + text.stderr())
        .anyMatch(k -> k.startsWith(Allocations.SITE_A) || k.startsWith(Allocations.RETAIN));
  }

  @Test
  void indexCountsHeapAndAllocs() throws IOException {
    String page = http.get("/debug/pprof/").text();
    assertThat(page).containsPattern("<tr><td>[1-9]\\d*</td><td><a href='heap\\?debug=1'>heap</a></td></tr>");
    assertThat(page).containsPattern("<tr><td>[1-9]\\d*</td><td><a href='allocs\\?debug=1'>allocs</a></td></tr>");
  }

  private static String comments(ProfileProto.Profile p) {
    StringBuilder b = new StringBuilder();
    p.getCommentList().forEach(c -> b.append(p.getStringTable(c.intValue())).append('\n'));
    return b.toString();
  }
}
