package io.jpprof.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpprof.fixtures.GoPprof;
import io.jpprof.fixtures.LabelledWork;
import io.jpprof.fixtures.PprofValidator;
import io.jpprof.fixtures.TopReport;
import io.jpprof.fixtures.Waits;
import io.jpprof.internal.Collectors;
import io.jpprof.proto.ProfileProto;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bounded labels: no profile carries a thread name or a class as a sample label by default (in
 * Pyroscope each label value is a series); {@code bythread=1} puts the thread at the root of each
 * stack, where {@code go tool pprof -focus} finds it.
 */
class ThreadViewEndpointTest {
  @RegisterExtension static final TestServer SERVER = new TestServer();

  /** The label keys a profile may carry without being asked: closed sets of values. */
  private static final Set<String> CLOSED_KEYS = Set.of("state", "virtual", "kind");

  @BeforeAll
  static void contend() throws Exception {
    assertThat(Collectors.process().stream().awaitRunning(Duration.ofSeconds(20))).isTrue();
    Waits.contendOnMonitor(3, 15, 1);
    assertThat(Collectors.process().stream().awaitFlush(Duration.ofSeconds(10))).isTrue();
  }

  @Test
  void noProfileCarriesAThreadOrClassLabelByDefault() throws Exception {
    for (String name : new String[] {"goroutine", "heap", "allocs", "block", "mutex", "threadcreate",
        "profile?seconds=1", "wall?seconds=1"}) {
      RawHttp.Response r = SERVER.http().get("/debug/pprof/" + name);
      assertThat(r.status()).as(name).isEqualTo(200);
      ProfileProto.Profile p = PprofValidator.parse(WallAndLabelsEndpointTest.gunzipAll(r.body()));
      Set<String> keys = new TreeSet<>();
      for (ProfileProto.Sample s : p.getSampleList()) {
        s.getLabelList().forEach(l -> keys.add(p.getStringTable((int) l.getKey())));
      }
      assertThat(CLOSED_KEYS).as(name + " label keys").containsAll(keys);
    }
  }

  @Test
  void mutexAndBlockByThreadShowThePreviousOwnerAtTheRoot() {
    for (String name : new String[] {"mutex", "block"}) {
      assertThat(GoPprof.run("-traces", SERVER.url(name)).ok()).as(name).doesNotContain("contender-");
      String url = SERVER.url(name + "?bythread=1");
      TopReport all = TopReport.parse(GoPprof.run("-top", "-sample_index=delay", url).ok());
      TopReport owned = TopReport.parse(GoPprof.run(
          "-top", "-sample_index=delay", "-focus=^\\[previous owner: contender-[0-9]+\\]$", url).ok());
      assertThat(owned.row(Waits.ENTER_MONITOR)).as(name + "\n" + owned).isNotNull();
      // JFR names the previous owner of nearly every contended monitor enter
      assertThat(owned.row(Waits.ENTER_MONITOR).cum()).as(name).isGreaterThan(0.9 * all.row(Waits.ENTER_MONITOR).cum());
    }
  }

  @Test
  void textHeadersGiveTheShareOfCutStacks() throws Exception {
    assertThat(SERVER.http().get("/debug/pprof/mutex?debug=1").text())
        .containsPattern("\n# truncated: 0 of [1-9][0-9]* waits, 0 of [1-9][0-9]* ns of delay in stacks cut at JFR's stack depth");
    assertThat(SERVER.http().get("/debug/pprof/allocs?debug=1").text())
        .containsPattern("\n# truncated: [0-9]+ of [1-9][0-9]* bytes allocated, [0-9]+ of [0-9]+ bytes in use in stacks cut");
    assertThat(SERVER.http().get("/debug/pprof/threadcreate?debug=1").text())
        .containsPattern("\n# truncated: [0-9]+ of [0-9]+ recorded thread starts in stacks cut");
  }

  @Test
  void allocsWithTypesShowsByteArraysInProtoAndText() throws Exception {
    io.jpprof.fixtures.Allocations.garbage(32 << 20);
    assertThat(io.jpprof.internal.Collectors.process().heap().awaitRecorded(Duration.ofSeconds(20))).isTrue();
    for (String url : new String[] {SERVER.url("allocs?types=1"), SERVER.url("allocs?debug=1&types=1")}) {
      TopReport top = TopReport.parse(GoPprof.run("-top", "-sample_index=alloc_space", url).ok());
      assertThat(top.row("byte[]")).as(url + "\n" + top).isNotNull();
    }
    assertThat(SERVER.http().get("/debug/pprof/allocs?debug=1&types=1").text()).contains("\tbyte[]+0x0\t");
    // godeltaprof's scrape path: the first scrape is everything so far
    TopReport scraped = TopReport.parse(GoPprof.run("-top", "-sample_index=alloc_space", SERVER.url("delta_heap?types=1")).ok());
    assertThat(scraped.row("byte[]")).as(scraped.toString()).isNotNull();
    assertThat(SERVER.http().get("/debug/pprof/allocs?debug=1").text()).doesNotContain("byte[]+0x0");
    assertThat(GoPprof.run("-traces", SERVER.url("allocs")).ok()).doesNotContain("byte[]\n");
  }

  @Test
  void mutexWithTypesShowsTheMonitorsClassAtTheLeaf() {
    String traces = GoPprof.run("-traces", SERVER.url("mutex?types=1")).ok();
    assertThat(traces).contains("java.lang.Object\n");
    assertThat(GoPprof.run("-traces", SERVER.url("mutex")).ok()).doesNotContain("java.lang.Object\n");
  }

  @Test
  void cpuAndWallByThreadShowTheThreadAtTheRoot() throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    Thread burner = LabelledWork.start("view-burner", false, () -> {
      long x = 1;
      while (!stop.get()) {
        x = x * 6364136223846793005L + 1442695040888963407L;
      }
      if (x == 42) {
        Thread.yield();
      }
    });
    try {
      TopReport cpu = TopReport.parse(GoPprof.run("-top", "-sample_index=cpu", "-focus=^\\[thread: view-burner\\]$",
          SERVER.url("profile?seconds=2&hz=100&bythread=1")).ok());
      assertThat(cpu.shown()).as(cpu.toString()).isGreaterThan(0.1e9); // a loaded machine gives it less than its core
      assertThat(GoPprof.run("-traces", SERVER.url("profile?seconds=1")).ok()).doesNotContain("view-burner");

      TopReport wall = TopReport.parse(GoPprof.run("-top", "-sample_index=wall", "-focus=^\\[thread: view-burner\\]$",
          SERVER.url("wall?seconds=2&bythread=1")).ok());
      assertThat(wall.shown()).as(wall.toString()).isGreaterThan(0.1e9); // dumps come late on a loaded machine
      assertThat(GoPprof.run("-traces", SERVER.url("wall?seconds=1")).ok()).doesNotContain("view-burner");
    } finally {
      stop.set(true);
      burner.join();
    }
  }
}
