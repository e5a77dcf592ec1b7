package io.jpprof.internal.heap;

import io.jpprof.internal.jfr.JvmShutdown;
import java.io.IOException;
import java.lang.ref.WeakReference;
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
  static final long MIN_INTERVAL_MILLIS = 1000;
  private static final Logger log = LoggerFactory.getLogger(LiveRefresh.class);
  private final AtomicBoolean running = new AtomicBoolean();
  private volatile long nextMillis;
  private long refreshes;
  private final HeapProfiles heap;

  /** Refreshes {@code heap}'s live samples. */
  LiveRefresh(HeapProfiles heap) {
    this.heap = heap;
  }

  /** Background reads so far. */
  long refreshes() {
    return refreshes;
  }

  private final Object lock = new Object();
  private boolean enabled; // guarded by lock

  /** Lets refreshes run (the collectors started). */
  void enable() {
    synchronized (lock) {
      enabled = true;
    }
  }

  /** Stops refreshes; returns once none is running, so no snapshot file is left behind. */
  void disable() {
    synchronized (lock) {
      enabled = false;
      planted = null;
    }
  }

  /**
   * Called after each collection of collector {@code gcName}; never while the JVM exits. ZGC's
   * pause notifications come in the middle of a cycle, before it sweeps the sample set: a read
   * there would only hold the next read back ({@link #MIN_INTERVAL_MILLIS}) from the cycle's end.
   */
  void afterGc(String gcName) {
    if (JvmShutdown.inProgress() || gcName.endsWith("Pauses")) {
      return;
    }
    synchronized (lock) {
      if (enabled) {
        refresh(sweeps(gcName));
      }
    }
  }

  /**
   * Whether the JVM's sample set may have been swept at this collection, so that a restart right
   * after it loses only the samples taken since. The sampler learns which samples died when the
   * collector processes its weak roots: every G1 and Parallel collection and every ZGC cycle, but
   * only generational ZGC's major cycles (its minor ones leave them alone), and none of ZGC's pause
   * notifications (they come in the middle of a cycle). A restart after a minor cycle dropped every
   * sample taken since the last major one.
   */
  static boolean sweeps(String gcName) {
    return !gcName.endsWith("Minor Cycles") && !gcName.endsWith("Pauses");
  }

  /** The planted arrays ({@link #plant}), while a restart waits for them to die; null otherwise. */
  private WeakReference<Object> planted;

  /** Collections seen since the arrays were planted. */
  private int gcsSincePlanted;

  /** A restart that waited this many collections for its plant happens anyway (as before planting). */
  static final int MAX_PLANT_WAIT = 8;

  /**
   * Allocates two short-lived arrays for the sampler to take, so that the next collection lets a
   * sample die. The JVM emits only samples older than its last "sweep" of the set, and the sweep
   * moves only at a collection where some sample died; a restart drops the samples taken since, so a
   * restart waits for the collection after a plant, when no sample taken before that collection is
   * hidden any more, and happens right then ({@link #refresh}). While the application keeps every
   * object the sampler took (a cache filling up, a quiet program) nothing else would die.
   *
   * <p>The sampler is offered an object when it starts a new TLAB or is allocated outside one: each
   * array is larger than any TLAB seen (twice the largest), or, where that would be a G1 humongous
   * object (which a young collection does not free while it is weakly reachable) or a ZGC medium
   * object (which takes a 32 MiB page that the heap's usage counts whole until the plant dies),
   * just under that size ({@link #LARGE_OBJECT}); TLABs are at most that large there, so the
   * second array cannot fit in what the first left of a TLAB. At least 64 KiB, at most 8 MiB each
   * and 1/128 of the heap; only before restarts (a few a minute at most); {@link OldObjectSnapshot}
   * leaves them out of every profile.
   */
  void plant() {
    long size = Math.max(64 << 10, 2 * heap.tlabs.largestTlab());
    if (LARGE_OBJECT > 0) {
      size = Math.min(size, LARGE_OBJECT - 1024);
    }
    size = Math.min(size, Math.min(8 << 20, Runtime.getRuntime().maxMemory() / 128));
    planted = new WeakReference<>(new Plant(new byte[(int) size], new byte[(int) size], System.currentTimeMillis()));
    gcsSincePlanted = 0;
  }

  /** The planted arrays and when they were planted (epoch ms). */
  private record Plant(byte[] first, byte[] second, long atMillis) {}

  /**
   * Whether the JVM's sweep of its set has passed the plant although the plant is still alive: a
   * sample allocated after the plant was emitted, so every live sample taken before it is emitted
   * too, as after the plant's death. On generational ZGC a weakly reachable young object outlives
   * two or three major cycles (a major cycle does not clear young ones), while other samples die
   * and move the sweep.
   */
  private boolean sweptPastPlant(List<OldObjectSnapshot.Live> live) {
    Object p = planted == null ? null : planted.get();
    if (!(p instanceof Plant plant)) {
      return false;
    }
    for (OldObjectSnapshot.Live l : live) {
      if (l.allocatedNanos() / 1_000_000 > plant.atMillis()) {
        return true;
      }
    }
    return false;
  }

  /** The frame that allocates the planted arrays ({@link #plant}). */
  static final String PLANT_METHOD = "plant";

  /**
   * The size from which the collector handles an object apart, or 0: half a G1 region (the
   * smallest humongous object), ZGC's small-object limit (256 KiB, an eighth of its 2 MiB small
   * page: larger objects go to medium pages; it is also ZGC's largest TLAB).
   */
  private static final long LARGE_OBJECT = largeObject();

  private static long largeObject() {
    try {
      var hotspot = java.lang.management.ManagementFactory.getPlatformMXBean(
          com.sun.management.HotSpotDiagnosticMXBean.class);
      if (Boolean.parseBoolean(hotspot.getVMOption("UseG1GC").getValue())) {
        return Long.parseLong(hotspot.getVMOption("G1HeapRegionSize").getValue()) / 2;
      }
      if (Boolean.parseBoolean(hotspot.getVMOption("UseZGC").getValue())) {
        return 256 << 10;
      }
    } catch (RuntimeException e) {
      // not HotSpot: no such options
    }
    return 0;
  }

  private void refresh(boolean swept) {
    if (!HeapProfiles.LIVE || !heap.isSampling()) {
      return;
    }
    long now = System.currentTimeMillis();
    boolean restart = swept && planted != null && (planted.get() == null || ++gcsSincePlanted >= MAX_PLANT_WAIT);
    if ((now < nextMillis && !restart) || !running.compareAndSet(false, true)) {
      return;
    }
    try {
      long t0 = cpuNanos();
      synchronized (snapshotLock) {
        List<OldObjectSnapshot.Live> live;
        long restartedMillis = 0;
        if (restart && heap.liveRecording.running()) {
          // the plant died: every live sample taken before this collection is emitted now; restart
          // right after the dump, before the slow read, so that few samples are taken in between
          java.nio.file.Path file = OldObjectSnapshot.dump();
          try {
            heap.liveRecording.rotate();
          } catch (RuntimeException e) {
            java.nio.file.Files.deleteIfExists(file); // read() deletes it otherwise
            throw e;
          }
          restartedMillis = System.currentTimeMillis();
          planted = null;
          live = OldObjectSnapshot.read(file, heap.liveStacks);
          expectedChances();
        } else {
          if (restart) {
            planted = null; // the sampler is not running: nothing to restart
          }
          live = OldObjectSnapshot.take(heap.liveStacks);
          long queue = heap.liveWeights.queueSize();
          // restart the sampler once its set is getting full, before the JVM turns small objects away
          long expected = expectedChances();
          if (swept && heap.liveRecording.running() && sweptPastPlant(live)) {
            // restarted after the read: the samples taken during it stand for themselves in the mirror
            heap.liveRecording.rotate();
            restartedMillis = System.currentTimeMillis();
            planted = null;
          } else if (planted == null && heap.liveRecording.running() && (live.size() * 100L >= queue * ROTATE_PERCENT
              || (live.size() + expected) * 100L >= queue * PROJECTED_PERCENT)) {
            plant();
          }
        }
        update(live, restartedMillis, heap.gcs.lastEndEpochMillis());
      }
      long took = (cpuNanos() - t0) / 1_000_000;
      nextMillis = System.currentTimeMillis() + Math.max(MIN_INTERVAL_MILLIS, refreshes++ == 0 ? 0 : 20 * took);
    } catch (IOException | RuntimeException e) {
      log.warn("jpprof: old-object snapshot failed", e);
      nextMillis = now + 60_000;
    } finally {
      running.set(false);
    }
  }

  /** The lock that keeps a snapshot and its update together, so that none overtakes a restart. */
  private final Object snapshotLock = new Object();

  /** Restart the sampler when the JVM's set is this full (percent of the queue). */
  static final int ROTATE_PERCENT = 25;

  /** ... or when it would be this full by the next read if every chance since the last one were kept. */
  static final int PROJECTED_PERCENT = 60;

  private long lastChances = -1;

  /**
   * How many objects the JVM will offer its sampler until the next read, if it comes as long after
   * this one as this one after the last: the sampling chances ({@link TlabSizes#events()}) since the
   * last read. Every one is kept while the queue has room (dead ones leave it at GCs).
   */
  private long expectedChances() {
    long chances = heap.tlabs.events();
    long expected = lastChances < 0 ? 0 : chances - lastChances;
    lastChances = chances;
    return expected;
  }

  private static long cpuNanos() {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    return mx.isCurrentThreadCpuTimeSupported() ? mx.getCurrentThreadCpuTime() : System.nanoTime();
  }

  /**
   * Reads the JVM's sample set now (for a profile) and returns the weighted samples; serialized with
   * the background refresh, so that a snapshot taken before a sampler restart is not applied after it.
   */
  List<LiveSamples.Weighted> snapshot() {
    for (int attempt = 0; ; attempt++) {
      synchronized (snapshotLock) {
        List<OldObjectSnapshot.Live> live;
        try {
          live = heap.isSampling() && HeapProfiles.LIVE ? OldObjectSnapshot.take(heap.liveStacks) : List.of();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        if (attempt > 0 || !ahead(live)) {
          return update(live);
        }
      }
      awaitAllocationEvents();
    }
  }

  /** The longest a profile waits for the allocation events of the samples it will read. */
  static final java.time.Duration EVENTS_WAIT = java.time.Duration.ofSeconds(3);

  /**
   * Whether a sample was allocated after the latest TLAB event the stream has delivered: the
   * weights come from those events ({@link TlabSizes}), which arrive about a second late, and
   * weighed from an older window a line that had just allocated 120 MB in fresh, large TLABs read
   * 17 MB (the rest under {@code [unattributed] heap}).
   */
  private boolean ahead(List<OldObjectSnapshot.Live> live) {
    long latest = heap.tlabs.latestMillis();
    for (OldObjectSnapshot.Live l : live) {
      if (l.allocatedNanos() / 1_000_000 > latest) {
        return true;
      }
    }
    return false;
  }

  /** Waits (at most {@link #EVENTS_WAIT}) until the stream has delivered what was recorded so far: 1–2 s. */
  private void awaitAllocationEvents() {
    try {
      heap.awaitRecorded(EVENTS_WAIT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Feeds a snapshot to the size estimates and the weighted samples, and empties the JVM's queue
   * once it is half full, before it turns away small objects ({@link LiveRecording}); returns the weighted samples.
   */
  List<LiveSamples.Weighted> update(List<OldObjectSnapshot.Live> live) {
    return update(live, 0, 0);
  }

  /**
   * {@code restartedMillis}: when the sampler was restarted right after this snapshot, else 0;
   * {@code sweptMillis}: the end of the collection after which the snapshot was taken (epoch ms).
   */
  private List<LiveSamples.Weighted> update(List<OldObjectSnapshot.Live> live, long restartedMillis,
      long sweptMillis) {
    live.forEach(heap.sizes::learn);
    LiveSamples samples = heap.liveWeights;
    synchronized (samples) {
      List<LiveSamples.Weighted> out = samples.update(live, heap.gcs.live(), heap.tlabs, heap.sizes);
      if (restartedMillis > 0) {
        samples.rotate(live, restartedMillis, sweptMillis); // the JVM's set was emptied after this snapshot: remember what it held
      }
      return out;
    }
  }
}
