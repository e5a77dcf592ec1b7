package io.jpprof.internal.heap;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.MemoryUsage;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which collections clean the old generation, and what the estimate counts. */
class LiveEstimateTest {
  private static final Set<String> G1 = Set.of("G1 Eden Space", "G1 Survivor Space", "G1 Old Gen");
  private static final Set<String> PARALLEL = Set.of("PS Eden Space", "PS Survivor Space", "PS Old Gen");

  private static Map<String, MemoryUsage> g1(long eden, long survivor, long old) {
    return Map.of("G1 Eden Space", used(eden), "G1 Survivor Space", used(survivor), "G1 Old Gen", used(old));
  }

  private static MemoryUsage used(long bytes) {
    return new MemoryUsage(0, bytes, Math.max(bytes, 1), -1);
  }

  @Test
  void youngCollectionsDoNotCleanAndEdenIsLeftOut() {
    LiveEstimate e = LiveEstimate.NONE.next("G1 Young Generation", "end of minor GC",
        g1(100, 5, 200), g1(0, 7, 210), G1, 1000);
    assertThat(e.bytes()).isEqualTo(217);
    assertThat(e.cleanings()).isZero();
    assertThat(e.cleanedBytes()).isEqualTo(-1);
    assertThat(e.describe()).contains("G1 Young Generation", "no old-generation collection seen");
  }

  @Test
  void mixedFullAndConcurrentCollectionsClean() {
    LiveEstimate young = LiveEstimate.NONE.next("G1 Young Generation", "end of minor GC",
        g1(100, 5, 300), g1(0, 5, 310), G1, 1000);
    // old regions freed at a young collection without a marking before: humongous objects only
    LiveEstimate humongous = young.next("G1 Young Generation", "end of minor GC", g1(100, 5, 310), g1(0, 5, 300), G1, 1500);
    assertThat(humongous.cleanings()).isZero();
    // JDK 20+: Remark/Cleanup leave eden as it was; it is not counted
    LiveEstimate remark = humongous.next(LiveEstimate.CONCURRENT_G1, "end of concurrent GC pause",
        g1(40, 5, 300), g1(40, 5, 280), G1, 2000);
    assertThat(remark.cleanings()).isEqualTo(1);
    assertThat(remark.bytes()).isEqualTo(285);
    LiveEstimate mixed = remark.next("G1 Young Generation", "end of minor GC", g1(100, 5, 290), g1(0, 5, 250), G1, 3000);
    assertThat(mixed.cleanings()).isEqualTo(2);
    assertThat(mixed.cleanedBytes()).isEqualTo(255);
    // JDK 17: an unreported Remark freed regions between two young collections
    LiveEstimate unseen = mixed.next("G1 Young Generation", "end of minor GC", g1(100, 5, 200), g1(0, 5, 205), G1, 4000);
    assertThat(unseen.cleanings()).isEqualTo(3);
    LiveEstimate full = LiveEstimate.NONE.next("PS MarkSweep", "end of major GC",
        Map.of("PS Eden Space", used(50), "PS Survivor Space", used(5), "PS Old Gen", used(400)),
        Map.of("PS Eden Space", used(0), "PS Survivor Space", used(0), "PS Old Gen", used(300)), PARALLEL, 5000);
    assertThat(full.cleanings()).isEqualTo(1);
    assertThat(full.bytes()).isEqualTo(300);
    assertThat(full.describe()).contains("last cleaned by PS MarkSweep (end of major GC)");
  }

  @Test
  void zgcCyclesMarkAndItsPausesLeaveTheFiguresAlone() {
    Set<String> zgc = Set.of("ZHeap");
    LiveEstimate cycle = LiveEstimate.NONE.next("ZGC Cycles", "end of GC cycle", Map.of("ZHeap", used(500)),
        Map.of("ZHeap", used(300)), zgc, 1000, 3000);
    assertThat(cycle.cleanings()).isEqualTo(1);
    assertThat(cycle.cleanedConcurrently()).isTrue();
    assertThat(cycle.cleanedFromMillis()).isEqualTo(1000);
    LiveEstimate pause = cycle.next("ZGC Pauses", "end of GC pause", Map.of(), Map.of(), zgc, 4000, 4000);
    assertThat(pause.bytes()).isEqualTo(300);
    assertThat(pause.cleanings()).isEqualTo(1);
    assertThat(pause.collections()).isEqualTo(2);
    assertThat(pause.describe()).doesNotContain("generational ZGC");
  }

  @Test
  void generationalZgcSaysWhatItsSitesCannotShow() {
    Set<String> pools = Set.of("ZGC Young Generation", "ZGC Old Generation");
    LiveEstimate major = LiveEstimate.NONE.next("ZGC Major Cycles", "end of GC cycle",
        Map.of("ZGC Young Generation", used(400), "ZGC Old Generation", used(300)),
        Map.of("ZGC Young Generation", used(50), "ZGC Old Generation", used(250)), pools, 1000, 3000);
    assertThat(major.cleanings()).isEqualTo(1);
    assertThat(major.bytes()).isEqualTo(300);
    assertThat(major.describe()).contains("generational ZGC", "gc=1 is exact");
    LiveEstimate minor = major.next("ZGC Minor Cycles", "end of GC cycle",
        Map.of("ZGC Young Generation", used(400), "ZGC Old Generation", used(250)),
        Map.of("ZGC Young Generation", used(40), "ZGC Old Generation", used(260)), pools, 4000, 4500);
    assertThat(minor.cleanings()).isEqualTo(1);
    assertThat(minor.describe()).contains("generational ZGC");
  }
}
