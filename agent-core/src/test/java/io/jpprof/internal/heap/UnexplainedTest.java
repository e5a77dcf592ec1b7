package io.jpprof.internal.heap;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.MemoryUsage;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The unexplained heap moves only at markings: promoted garbage is never shown as growth. */
class UnexplainedTest {
  private static final long MB = 1 << 20;
  private static final Set<String> PARALLEL = Set.of("PS Eden Space", "PS Survivor Space", "PS Old Gen");
  private static final Set<String> ZGC = Set.of("ZHeap");

  private static Map<String, MemoryUsage> ps(long survivor, long old) {
    return Map.of("PS Eden Space", used(0), "PS Survivor Space", used(survivor), "PS Old Gen", used(old));
  }

  private static MemoryUsage used(long bytes) {
    return new MemoryUsage(0, bytes, Math.max(bytes, 1), -1);
  }

  @Test
  void youngCollectionsPromotingGarbageDoNotRaiseIt() {
    Unexplained u = new Unexplained();
    TlabSizes tlabs = new TlabSizes();
    LiveEstimate gc = LiveEstimate.NONE;
    long old = 250 * MB;
    double mass = 200 * MB;
    for (int i = 0; i < 10; i++) {
      if (i == 1) {
        u.anchor(); // a profile: before it, the figure followed each collection
      }
      old += 20 * MB; // promoted garbage
      mass += 2 * MB; // a growing site, sampled
      old += 2 * MB;
      gc = gc.next("PS Scavenge", "end of minor GC", ps(15 * MB, old - 22 * MB), ps(15 * MB, old), PARALLEL, i * 1000L);
      u.update(gc, mass, tlabs, i * 1000L);
    }
    // the first profile, after the first collection: 272 + 15 MiB, 202 MiB of samples; the garbage
    // promoted since is not counted
    assertThat(u.bytes()).isEqualTo(85 * MB);
    assertThat(u.describe()).contains("least since the first profile");

    // a full GC measures it exactly, up or down
    gc = gc.next("PS MarkSweep", "end of major GC", ps(15 * MB, old), ps(0, 300 * MB), PARALLEL, 11_000);
    u.update(gc, 220 * MB, tlabs, 11_000);
    assertThat(u.bytes()).isEqualTo(80 * MB);
    assertThat(u.describe()).contains("measured at the marking by PS MarkSweep");
    gc = gc.next("PS MarkSweep", "end of major GC", ps(15 * MB, 400 * MB), ps(0, 330 * MB), PARALLEL, 12_000);
    u.update(gc, 220 * MB, tlabs, 12_000);
    assertThat(u.bytes()).isEqualTo(110 * MB);
  }

  @Test
  void aConcurrentCycleLeavesOutWhatWasAllocatedDuringItAndRisesOnlyWhenConfirmed() {
    Unexplained u = new Unexplained();
    TlabSizes tlabs = new TlabSizes();
    long t = 1_000_000;
    LiveEstimate gc = LiveEstimate.NONE;
    // a 2 s cycle: 380 MiB left of which 80 MB allocated while it ran; samples 250 MiB
    gc = cycle(gc, t + 10_000, 380 * MB);
    allocate(tlabs, t + 12_500);
    u.update(gc, 250 * MB, tlabs, t + 12_500);
    assertThat(u.bytes()).isEqualTo(380 * MB - 80_000_000 - 250 * MB);
    long first = u.bytes();
    u.anchor(); // a profile
    // a cycle 10 s later that counts 60 MiB more (garbage of pages it did not relocate): not shown
    gc = cycle(gc, t + 20_000, 440 * MB);
    allocate(tlabs, t + 22_500);
    u.update(gc, 250 * MB, tlabs, t + 22_500);
    assertThat(u.bytes()).isEqualTo(first);
    // lower: shown once the cycle before agrees
    gc = cycle(gc, t + 30_000, 370 * MB);
    allocate(tlabs, t + 32_500);
    u.update(gc, 250 * MB, tlabs, t + 32_500);
    assertThat(u.bytes()).isEqualTo(first);
    gc = cycle(gc, t + 40_000, 370 * MB);
    allocate(tlabs, t + 42_500);
    u.update(gc, 250 * MB, tlabs, t + 42_500);
    assertThat(u.bytes()).isEqualTo(first - 10 * MB);
    // 40 MiB more, at cycles 30 s apart that agree: the growth is shown, as far as the older one shows it
    gc = cycle(gc, t + 70_000, 420 * MB);
    allocate(tlabs, t + 72_500);
    u.update(gc, 250 * MB, tlabs, t + 72_500);
    assertThat(u.bytes()).isEqualTo(first - 10 * MB);
    gc = cycle(gc, t + 105_000, 425 * MB);
    allocate(tlabs, t + 107_500);
    u.update(gc, 250 * MB, tlabs, t + 107_500);
    assertThat(u.bytes()).isEqualTo(first + 40 * MB);
  }

  @Test
  void aConcurrentCycleWaitsForTheAllocationEventsOfItsTime() {
    Unexplained u = new Unexplained();
    TlabSizes tlabs = new TlabSizes();
    tlabs.add(1, 1000, 1_000_000, true);
    LiveEstimate gc = cycle(LiveEstimate.NONE, 10_000, 300 * MB);
    u.update(gc, 200 * MB, tlabs, 12_100);
    // meanwhile the heap after the cycle less the samples bounds it
    assertThat(u.bytes()).isEqualTo(100 * MB);
    tlabs.add(1, 11_000, 50 * MB, false);
    tlabs.add(1, 12_200, 1_000_000, true);
    u.update(gc, 200 * MB, tlabs, 13_000);
    assertThat(u.bytes()).isEqualTo(50 * MB);
  }

  private long allocatedUntil = 1_000_000;

  /** 40 MB/s on one thread, in 1 MB TLABs every 25 ms, up to {@code toMillis}, as the stream delivers them. */
  private void allocate(TlabSizes tlabs, long toMillis) {
    for (; allocatedUntil < toMillis; allocatedUntil += 25) {
      tlabs.add(1, allocatedUntil, 1_000_000, true);
    }
  }

  /** A ZGC cycle (JDK 17) from {@code startMillis}, 2 s long, leaving {@code after} bytes. */
  private static LiveEstimate cycle(LiveEstimate gc, long startMillis, long after) {
    return gc.next("ZGC Cycles", "end of GC cycle", Map.of("ZHeap", used(after + 200 * MB)),
        Map.of("ZHeap", used(after)), ZGC, startMillis, startMillis + 2000);
  }
}
