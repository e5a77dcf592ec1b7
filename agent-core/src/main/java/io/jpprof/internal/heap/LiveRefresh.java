package io.jpprof.internal.heap;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the JVM's old-object samples after a collection, at most every {@link #MIN_INTERVAL_MILLIS}
 * (and at most 5 % of one core: the next read waits 20 times the CPU time the last one took), so that
 * {@link LiveSamples} sees and weighs samples before the JVM evicts them from its full queue. Runs
 * on the JDK's GC-notification thread; no thread of its own.
 */
final class LiveRefresh {
  static final long MIN_INTERVAL_MILLIS = 2000;
  private static final Logger log = LoggerFactory.getLogger(LiveRefresh.class);
  private static final AtomicBoolean running = new AtomicBoolean();
  private static volatile long nextMillis;
  private static long refreshes;

  /** Background reads so far. */
  static long refreshes() {
    return refreshes;
  }

  private LiveRefresh() {}

  private static final Object LOCK = new Object();
  private static boolean enabled; // guarded by LOCK

  /** Lets refreshes run (the collectors started). */
  static void enable() {
    synchronized (LOCK) {
      enabled = true;
    }
  }

  /** Stops refreshes; returns once none is running, so no snapshot file is left behind. */
  static void disable() {
    synchronized (LOCK) {
      enabled = false;
    }
  }

  /** Called after each collection. */
  static void afterGc() {
    synchronized (LOCK) {
      if (enabled) {
        refresh();
      }
    }
  }

  private static void refresh() {
    if (!HeapProfiles.LIVE || !HeapProfiles.isSampling()) {
      return;
    }
    long now = System.currentTimeMillis();
    if (now < nextMillis || !running.compareAndSet(false, true)) {
      return;
    }
    try {
      long t0 = cpuNanos();
      // restart the sampler right after the dump, before the slow parse: samples allocated after
      // the last GC are not in the dump and are lost by a restart, so it must follow the GC closely
      java.nio.file.Path file = OldObjectSnapshot.dump();
      boolean rotate = HeapProfiles.LIVE_WEIGHTS.filledPercent() >= 40 && LiveRecording.running();
      if (rotate) {
        LiveRecording.rotate();
      }
      update(OldObjectSnapshot.read(file, HeapProfiles.LIVE_STACKS), rotate);
      long took = (cpuNanos() - t0) / 1_000_000;
      nextMillis = System.currentTimeMillis() + Math.max(MIN_INTERVAL_MILLIS, refreshes++ == 0 ? 0 : 20 * took);
    } catch (IOException | RuntimeException e) {
      log.warn("jpprof: old-object snapshot failed", e);
      nextMillis = now + 60_000;
    } finally {
      running.set(false);
    }
  }

  private static long cpuNanos() {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    return mx.isCurrentThreadCpuTimeSupported() ? mx.getCurrentThreadCpuTime() : System.nanoTime();
  }

  /**
   * Feeds a snapshot to the size estimates and the weighted samples, and empties the JVM's queue
   * once it is half full, before it turns away small objects ({@link LiveRecording}); returns the weighted samples.
   */
  static List<LiveSamples.Weighted> update(List<OldObjectSnapshot.Live> live) {
    return update(live, false);
  }

  private static List<LiveSamples.Weighted> update(List<OldObjectSnapshot.Live> live, boolean rotated) {
    live.forEach(HeapProfiles.SIZES::learn);
    LiveSamples samples = HeapProfiles.LIVE_WEIGHTS;
    synchronized (samples) {
      List<LiveSamples.Weighted> out = samples.update(live, GcActivity.live(), HeapProfiles.TLABS, HeapProfiles.SIZES);
      if (rotated) {
        samples.rotate(); // the JVM's set was emptied after this snapshot: remember what it held
      }
      return out;
    }
  }
}
