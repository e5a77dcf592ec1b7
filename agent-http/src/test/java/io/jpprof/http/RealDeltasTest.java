package io.jpprof.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpprof.fixtures.Allocations;
import io.jpprof.fixtures.BlockedThreads;
import io.jpprof.fixtures.GoPprof;
import io.jpprof.fixtures.TopReport;
import io.jpprof.fixtures.Waits;
import io.jpprof.internal.Collectors;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code go tool pprof -seconds 4} on every always-on profile of a live server: work done before
 * the window is absent from the delta, work done inside it is present.
 */
class RealDeltasTest {
  @RegisterExtension static final TestServer SERVER = new TestServer();

  private interface Work {
    void run() throws Exception;
  }

  @BeforeAll
  static void collectorsRun() throws InterruptedException {
    assertThat(Collectors.process().stream().awaitRunning(Duration.ofSeconds(20))).isTrue();
  }

  @Test
  void mutexDeltaHasOnlyTheContentionInsideTheWindow() throws Exception {
    TopReport top = delta("mutex", "delay", () -> Waits.contendOnReentrantLock(3, 15, 1),
        () -> Waits.contendOnMonitor(3, 15, 1));
    assertThat(top.row(Waits.ENTER_MONITOR)).as(top.toString()).isNotNull();
    assertThat(top.row(Waits.LOCK_REENTRANT)).as(top.toString()).isNull();
  }

  @Test
  void blockDeltaHasOnlyTheWaitsInsideTheWindow() throws Exception {
    TopReport top = delta("block", "delay", () -> Waits.consumeSlowQueue(30, 1),
        () -> Waits.contendOnMonitor(3, 15, 1));
    assertThat(top.row(Waits.ENTER_MONITOR)).as(top.toString()).isNotNull();
    assertThat(top.row(Waits.TAKE)).as(top.toString()).isNull();
  }

  @Test
  void threadcreateDeltaHasOnlyTheThreadsStartedInsideTheWindow() throws Exception {
    try (BlockedThreads before = BlockedThreads.start("started-before", 20)) {
      TopReport top = delta("threadcreate", "threadcreate", () -> { }, () -> Waits.startThreads(50));
      assertThat(top.row(Waits.START_THREADS).cum()).as(top.toString()).isEqualTo(50);
      assertThat(top.rows().keySet()).as(top.toString()).noneMatch(n -> n.startsWith(BlockedThreads.class.getName()));
    }
  }

  @Test
  void allocsDeltaHasOnlyTheAllocationsInsideTheWindow() throws Exception {
    assertAllocationDelta("allocs");
  }

  @Test
  void heapDeltaHasOnlyTheAllocationsInsideTheWindow() throws Exception {
    assertAllocationDelta("heap");
  }

  private static void assertAllocationDelta(String name) throws Exception {
    TopReport top = delta(name, "alloc_space", () -> Allocations.garbage(300L << 20),
        () -> Allocations.mixed(300L << 20, 7));
    double inside = top.row(Allocations.SITE_A).cum() + top.row(Allocations.SITE_B).cum();
    TopReport.Row garbage = top.row(Allocations.GARBAGE);
    assertThat(garbage == null ? 0 : garbage.cum()).as(top.toString()).isLessThan(0.1 * inside);
  }

  @Test
  void tenDeltaMutexScrapesAddUpToThePlainProfile() throws Exception {
    assertScrapesAddUp("mutex", "delay", () -> Waits.contendOnMonitor(3, 10, 3), 0);
  }

  @Test
  void tenDeltaBlockScrapesAddUpToThePlainProfile() throws Exception {
    assertScrapesAddUp("block", "delay", () -> Waits.contendOnMonitor(3, 10, 3), 0);
  }

  @Test
  void tenDeltaHeapScrapesAddUpToThePlainProfile() throws Exception {
    assertScrapesAddUp("heap", "alloc_space", () -> Allocations.mixedFor(3000, 11), 0.05);
  }

  /**
   * Scrapes {@code delta_<name>} ten times while {@code work} runs at a steady rate, once more
   * after it, and compares the sum of the scrapes with the plain profile's growth over the same
   * period ({@code tolerance} as a fraction; 0 = exact).
   */
  private static void assertScrapesAddUp(String name, String type, Work work, double tolerance) throws Exception {
    assertThat(Collectors.process().stream().awaitFlush(Duration.ofSeconds(10))).isTrue();
    scrape("delta_" + name); // the baseline: what this path saw so far
    long start = total(scrape(name), type);
    CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
      try {
        work.run();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    long sum = 0;
    for (int i = 0; i < 10; i++) {
      Thread.sleep(300);
      sum += total(scrape("delta_" + name), type);
    }
    running.get(60, TimeUnit.SECONDS);
    assertThat(Collectors.process().stream().awaitFlush(Duration.ofSeconds(10))).isTrue();
    sum += total(scrape("delta_" + name), type);
    long growth = total(scrape(name), type) - start;
    assertThat(growth).isPositive();
    assertThat((double) sum).isCloseTo(growth, org.assertj.core.api.Assertions.within(tolerance * growth));
  }

  private static io.jpprof.proto.ProfileProto.Profile scrape(String path) throws java.io.IOException {
    RawHttp.Response r = SERVER.http().get("/debug/pprof/" + path);
    assertThat(r.status()).as(path).isEqualTo(200);
    return io.jpprof.fixtures.PprofValidator.parse(DeltaEndpointsTest.dechunk(r));
  }

  private static long total(io.jpprof.proto.ProfileProto.Profile p, String type) {
    int index = -1;
    for (int i = 0; i < p.getSampleTypeCount(); i++) {
      if (p.getStringTable((int) p.getSampleType(i).getType()).equals(type)) {
        index = i;
      }
    }
    assertThat(index).as("sample type " + type).isNotNegative();
    long sum = 0;
    for (io.jpprof.proto.ProfileProto.Sample s : p.getSampleList()) {
      sum += s.getValue(index);
    }
    return sum;
  }

  /**
   * Does {@code before}, waits until it is recorded, then runs {@code go tool pprof -seconds 4} and,
   * once its window is open, {@code inside}; returns pprof's {@code -top}.
   */
  private static TopReport delta(String profile, String sampleIndex, Work before, Work inside) throws Exception {
    before.run();
    assertThat(Collectors.process().stream().awaitFlush(Duration.ofSeconds(10))).isTrue();
    CompletableFuture<GoPprof.Result> pprof = CompletableFuture.supplyAsync(() -> GoPprof.run(
        "-seconds", "4", "-top", "-nodefraction=0", "-sample_index=" + sampleIndex, SERVER.url(profile)));
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (!DeltaEndpointsTest.deltaWindowOpen()) {
      assertThat(System.nanoTime()).as("no delta window opened").isLessThan(deadline);
      Thread.sleep(10);
    }
    inside.run();
    return TopReport.parse(pprof.get(60, TimeUnit.SECONDS).ok());
  }
}
