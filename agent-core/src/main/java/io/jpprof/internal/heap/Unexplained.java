package io.jpprof.internal.heap;

import java.time.Instant;

/**
 * The live bytes no old-object sample explains: a heap profile's {@code [unattributed] heap} row.
 *
 * <p>The heap after a collection holds, besides live data, the garbage promoted to the old
 * generation since the collector last <em>marked</em> it; only the next marking tells the two apart.
 * Markings: a full GC; G1's Remark and Cleanup pauses and mixed collections; every ZGC cycle (JDK
 * 17), generational ZGC's major cycles, Shenandoah's cycles. Young collections (G1, Parallel,
 * generational ZGC's minor cycles) promote garbage, so between markings this figure only goes
 * down: it is the least of "heap after the collection less the samples' bytes" over the collections
 * since the last marking, and a {@code -base} diff of two profiles never shows promoted garbage as
 * growth. At a marking it is measured again: what the marking left less the samples' bytes then,
 * and for a concurrent cycle less what the application allocated while it ran (those objects are
 * in the cycle's figure whatever they are). A full GC's measurement is taken as it is (nothing else
 * ran, no garbage is left). After any other marking, a measurement is taken only as far as another
 * agrees: a lower one as far as the marking before, a higher one as far as the latest marking
 * {@link #CONFIRM_MIN_MILLIS} to {@link #CONFIRM_MAX_MILLIS} before it. G1's Remark and Cleanup leave
 * the garbage of partly live regions for the mixed collections, and a ZGC cycle that of the pages
 * it did not relocate, so one marking may count tens of MB more or less garbage than the next. So
 * data no sample explains that really grows shows half a minute late, and not at all while the
 * collector does not mark (Parallel between full GCs).
 *
 * <p>Until the first profile (and the first marking) the figure follows the heap after each
 * collection less the samples: what an application builds at start-up without samples (or before
 * the samples' queue is read) is counted; from the first profile on it no longer rises between
 * markings.
 */
final class Unexplained {
  /** How long a concurrent cycle's measurement waits for the allocation events of its time. */
  static final long WAIT_MILLIS = 10_000;

  /** A higher measurement is confirmed by those at least this much older ... */
  static final long CONFIRM_MIN_MILLIS = 30_000;

  /** ... and at most this much older. */
  static final long CONFIRM_MAX_MILLIS = 300_000;

  private static final int HISTORY = 64;
  private final long[] measuredAt = new long[HISTORY];
  private final double[] measured = new double[HISTORY];
  private int measurements;

  private double bytes = -1;
  private long cleanings = -1;
  private long collections = -1;
  private String how = "no GC seen yet";

  /** False until the first profile: till then the figure follows the heap after each collection. */
  private boolean anchored;

  /** A marking not measured yet: a concurrent cycle waits for the allocation events of its time. */
  private record Marking(long live, long fromMillis, long toMillis, boolean concurrent, double mass, String by) {}

  private Marking pending;

  /**
   * Takes the collections seen since the last call into account; {@code mass} is the samples' bytes
   * now (tracked and remembered).
   */
  synchronized void update(LiveEstimate gc, double mass, TlabSizes tlabs, long nowMillis) {
    if (gc.bytes() < 0) {
      return;
    }
    if (gc.cleanings() != cleanings && gc.cleanedBytes() >= 0) {
      pending = new Marking(gc.cleanedBytes(), gc.cleanedFromMillis(), gc.cleanedAtMillis(),
          gc.cleanedConcurrently(), mass, gc.cleanedBy());
    }
    cleanings = gc.cleanings();
    Marking m = pending;
    if (m != null && (!m.concurrent() || tlabs.latestMillis() > m.toMillis() || nowMillis - m.toMillis() > WAIT_MILLIS)) {
      long during = m.concurrent() ? tlabs.bytes(m.fromMillis(), m.toMillis()) : 0;
      double marked = Math.max(0, m.live() - during - m.mass());
      boolean full = !m.concurrent() && m.by().contains("major");
      double before = bytes;
      if (bytes < 0 || full || !anchored) {
        bytes = marked;
      } else if (marked < bytes) {
        bytes = Math.max(marked, Math.min(bytes, previousMeasurement()));
      } else {
        bytes = Math.min(marked, Math.max(bytes, confirmed(m.toMillis())));
      }
      // recorded after use: previousMeasurement() above is the marking before this one
      measuredAt[measurements % HISTORY] = m.toMillis();
      measured[measurements++ % HISTORY] = marked;
      pending = null;
      how = "measured at the marking by " + m.by() + " at " + Instant.ofEpochMilli(m.toMillis()) + ": "
          + m.live() + " bytes left" + (m.concurrent() ? ", less " + during + " allocated during the cycle" : "")
          + ", less the samples' " + Math.round(m.mass()) + " = " + Math.round(marked)
          + (bytes < marked ? " (higher than the figure before, " + Math.round(before) + ", and confirmed by the latest"
              + " marking 30 s to 5 min earlier only as far as " + Math.round(bytes) + ")"
              : bytes > marked ? " (lower than the figure before, " + Math.round(before) + ", and confirmed by the"
                  + " marking before only as far as " + Math.round(bytes) + ")" : "")
          + "; lowered since only when a collection's heap less the samples was smaller";
    } else if (gc.collections() != collections) {
      double bound = Math.max(0, gc.bytes() - mass);
      if (bytes < 0 || bound < bytes || (!anchored && measurements == 0)) {
        bytes = bound;
        how = "the heap after " + gc.collector() + " (" + gc.bytes() + " bytes) less the samples' "
            + Math.round(mass) + " bytes, the least since " + (measurements > 0 ? "the last marking" : "the first profile")
            + " (garbage promoted since a marking is not counted)";
      }
    }
    collections = gc.collections();
  }

  /** The measurement of the marking before, or -1. */
  private double previousMeasurement() {
    return measurements == 0 ? -1 : measured[(measurements - 1) % HISTORY];
  }

  /** The latest measurement from {@link #CONFIRM_MAX_MILLIS} to {@link #CONFIRM_MIN_MILLIS} before {@code atMillis}, else -1. */
  private double confirmed(long atMillis) {
    double latest = -1;
    long latestAt = 0;
    for (int i = 0; i < Math.min(measurements, HISTORY); i++) {
      long age = atMillis - measuredAt[i];
      if (age >= CONFIRM_MIN_MILLIS && age <= CONFIRM_MAX_MILLIS && measuredAt[i] > latestAt) {
        latest = measured[i];
        latestAt = measuredAt[i];
      }
    }
    return latest;
  }

  /**
   * Called when a profile shows the figure: from then on it no longer rises between markings. Before
   * the first profile and the first marking it follows the heap after each collection (less the
   * samples), so that what the application built without samples since jpprof started is counted.
   */
  synchronized void anchor() {
    anchored = bytes >= 0;
  }

  /** The unexplained live bytes, or -1 before the first collection. */
  synchronized long bytes() {
    return Math.round(bytes);
  }

  /** How {@link #bytes()} was measured, for the profile comment and {@code heap?debug=1}. */
  synchronized String describe() {
    return how;
  }
}
