package io.jpprof.internal.heap;

import java.lang.management.MemoryUsage;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * The live heap as of the last garbage collection, from the collectors' notifications: the old
 * generation's usage right after the last collection plus the survivors of the last young
 * collection. Eden is left out (it is empty after a young or full collection, and a G1 Remark or
 * Cleanup pause does not collect it).
 *
 * <p>What that figure misses: garbage promoted to the old generation since the last collection that
 * cleaned it (a full GC; with G1 a mixed collection or, on JDK 20+, the Remark and Cleanup pauses
 * reported by the "G1 Concurrent GC" collector; with Parallel, "PS MarkSweep") is still counted,
 * because only a marking of the old generation can tell it from live data. {@link #cleanedAtMillis}
 * says how old that marking is.
 *
 * @param bytes the estimate: old generation plus survivors
 * @param atMillis when the last collection ended (epoch ms), 0 before the first
 * @param collector the collector of the last collection and what it did
 * @param collections collections seen since the listener was installed
 * @param cleanings collections seen that cleaned the old generation
 * @param cleanedAtMillis when the last such collection ended, 0 if none was seen
 * @param cleanedBy its collector and action
 * @param oldBytes the old generation's part of {@code bytes}
 * @param cleanedBytes {@code bytes} right after that cleaning, -1 if none was seen
 * @param cleanedFromMillis when that cleaning started (epoch ms), 0 if none was seen
 * @param cleanedConcurrently whether the application ran during that cleaning (a ZGC or Shenandoah
 *     cycle), so that {@code cleanedBytes} also holds what it allocated meanwhile
 * @param markedAtMillis when the last marking of the old generation ended (a full GC, a concurrent
 *     cycle, G1's Remark or Cleanup), 0 if none was seen: G1's mixed collections follow one
 */
record LiveEstimate(long bytes, long atMillis, String collector, long collections, long cleanings,
    long cleanedAtMillis, String cleanedBy, long oldBytes, long cleanedBytes, long cleanedFromMillis,
    boolean cleanedConcurrently, long markedAtMillis) {
  /** G1's collector for the Remark and Cleanup pauses of its concurrent cycle (JDK 20+). */
  static final String CONCURRENT_G1 = "G1 Concurrent GC";

  static final LiveEstimate NONE = new LiveEstimate(-1, 0, "", 0, 0, 0, "", -1, -1, 0, false, 0);

  /**
   * How long after a G1 marking a young collection that frees old regions counts as a mixed
   * collection; at other times it only reclaimed humongous objects, and the old generation it
   * leaves still holds the garbage promoted since the marking.
   */
  static final long MIXED_WINDOW_MILLIS = 60_000;

  /** The estimate after one more collection that took no time. */
  LiveEstimate next(String gcName, String action, Map<String, MemoryUsage> before,
      Map<String, MemoryUsage> after, Set<String> heapPools, long endMillis) {
    return next(gcName, action, before, after, heapPools, endMillis, endMillis);
  }

  /** The estimate after one more collection, which ran from {@code startMillis} to {@code endMillis} (epoch ms). */
  LiveEstimate next(String gcName, String action, Map<String, MemoryUsage> before,
      Map<String, MemoryUsage> after, Set<String> heapPools, long startMillis, long endMillis) {
    if (gcName.endsWith("Pauses")) {
      // a concurrent collector's pauses (ZGC) only mark the phases of its cycles, whose own
      // notification has the figures; the pauses' may leave the heap out (read as 0 bytes)
      return new LiveEstimate(bytes, atMillis, collector, collections + 1, cleanings, cleanedAtMillis, cleanedBy,
          oldBytes, cleanedBytes, cleanedFromMillis, cleanedConcurrently, markedAtMillis);
    }
    long old = 0;
    long oldBefore = 0;
    long survivors = 0;
    for (String pool : heapPools) {
      MemoryUsage a = after.get(pool);
      if (a == null || isEden(pool)) {
        continue;
      }
      if (isOld(pool, heapPools)) {
        old += a.getUsed();
        MemoryUsage b = before.get(pool);
        oldBefore += b == null ? a.getUsed() : b.getUsed();
      } else {
        survivors += a.getUsed();
      }
    }
    boolean cycle = isMarkingCycle(gcName);
    boolean g1 = heapPools.contains("G1 Old Gen");
    boolean marked = (action.contains("major") // full GCs: G1 Old Generation, PS MarkSweep, MarkSweepCompact
        || CONCURRENT_G1.equals(gcName) // Remark (frees empty old regions) and Cleanup
        || cycle
        || (g1 && oldBytes >= 0 && oldBefore < oldBytes)); // cleaned in between by a pause not reported (JDK 17: Remark)
    long markedAt = marked ? endMillis : markedAtMillis;
    boolean cleaned = marked
        || (g1 && old < oldBefore && markedAt > 0 && endMillis - markedAt <= MIXED_WINDOW_MILLIS); // a mixed collection
    String what = gcName + " (" + action + ")";
    return new LiveEstimate(old + survivors, endMillis, what, collections + 1,
        cleanings + (cleaned ? 1 : 0), cleaned ? endMillis : cleanedAtMillis, cleaned ? what : cleanedBy, old,
        cleaned ? old + survivors : cleanedBytes, cleaned ? startMillis : cleanedFromMillis,
        cleaned ? cycle : cleanedConcurrently, markedAt);
  }

  /**
   * Whether the collector is a concurrent one's whole cycle, which marks the entire heap (ZGC on JDK
   * 17, generational ZGC's major cycles, Shenandoah) while the application allocates.
   */
  static boolean isMarkingCycle(String gcName) {
    return gcName.endsWith("Major Cycles") || gcName.equals("ZGC Cycles") || gcName.equals("Shenandoah Cycles");
  }

  /** The text of the profile comment and of {@code heap?debug=1}. */
  String describe() {
    if (bytes < 0) {
      return "no GC seen yet";
    }
    return "heap after the last GC " + bytes + " bytes (old generation " + oldBytes + " + survivors), after "
        + collector + " at "
        + Instant.ofEpochMilli(atMillis) + "; the old generation was last cleaned "
        + (cleanedAtMillis == 0 ? "before jpprof started (no old-generation collection seen)"
            : "by " + cleanedBy + " at " + Instant.ofEpochMilli(cleanedAtMillis))
        + (cleanedConcurrently ? " (a concurrent cycle: its figure holds what was allocated during it)" : "")
        + "; garbage promoted since then is in this figure"
        + (isGenerationalZgc(collector) || isGenerationalZgc(cleanedBy) ? GENERATIONAL_ZGC : "");
  }

  /**
   * What a plain heap profile cannot show on generational ZGC (docs/heap.md, "Generational ZGC"):
   * the JVM sweeps its sample set only at a major cycle that clears a sampled object, and a major
   * cycle does not clear young ones.
   */
  static final String GENERATIONAL_ZGC = "; generational ZGC: the JVM's sample set is swept only at major"
      + " cycles that clear a sampled old object, so sites lag by major cycles, samples of objects that died"
      + " young still count and most of the heap is unattributed; gc=1 is exact";

  private static boolean isGenerationalZgc(String collector) {
    return collector.startsWith("ZGC Major") || collector.startsWith("ZGC Minor");
  }

  private static boolean isEden(String pool) {
    return pool.contains("Eden");
  }

  /** Old generation pools; a collector with one heap pool (ZGC, Shenandoah) has only an "old" one. */
  private static boolean isOld(String pool, Set<String> heapPools) {
    return pool.contains("Old") || pool.contains("Tenured") || heapPools.size() == 1
        || (!pool.contains("Survivor") && !pool.contains("Young"));
  }
}
