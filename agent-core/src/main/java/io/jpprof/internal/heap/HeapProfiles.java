package io.jpprof.internal.heap;

import io.jpprof.internal.jfr.AlwaysOnStream;
import io.jpprof.internal.jfr.Jfr;
import io.jpprof.internal.jfr.JfrStacks;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Switches on the always-on memory sampling behind the {@code heap} and {@code allocs} profiles.
 *
 * <p>Go records allocations from program start; the JVM records nothing until a JFR recording asks
 * for it. {@link #startSampling()} opens one JFR stream with {@code jdk.ObjectAllocationSample}
 * (throttled to {@link #THROTTLE}, with stacks) and {@code jdk.OldObjectSample} (the live-object
 * sample set, with allocation stacks): jpprof's collectors start it with the other always-on
 * collectors, as early as possible, for example when the pprof server starts. The first heap or
 * allocs profile starts it too, but then it only covers what came after. Starting takes about 0.4 s
 * on JDK 17, on a background thread; the caller never waits.
 */
public final class HeapProfiles {
  /**
   * The allocation-sample rate: {@code 300/s} (the rate of JFR's {@code profile.jfc}; see
   * docs/benchmarks.md for accuracy and cost), or the system property {@code jpprof.heap.throttle}.
   */
  public static final String THROTTLE = System.getProperty("jpprof.heap.throttle", "300/s");

  /**
   * Whether the live-object samples behind {@code inuse_*} are kept: true unless the system
   * property {@code jpprof.heap.inuse} is {@code false}.
   */
  static final boolean LIVE = !"false".equals(System.getProperty("jpprof.heap.inuse"));

  final GcActivity gcs = new GcActivity();
  final ObjectSizes sizes = new ObjectSizes();
  final AllocationSampler allocations = new AllocationSampler(sizes);
  final JfrStacks liveStacks = new JfrStacks();
  final TlabSizes tlabs = new TlabSizes();
  final LiveSamples liveWeights = new LiveSamples(gcs);
  final LiveRecording liveRecording = new LiveRecording();
  final LiveRefresh liveRefresh = new LiveRefresh(this);
  private final AlwaysOnStream stream;
  private final Runnable ensureStarted;
  private final HeapProfile heap = new HeapProfile(this, false);
  private final HeapProfile allocs = new HeapProfile(this, true);
  private volatile ClassHistogram histogram;
  private volatile boolean subscribed;
  /** When the last forced GC ran (System.nanoTime): a GC stops the whole process, whoever asks. */
  private final AtomicLong lastForcedGc = new AtomicLong(System.nanoTime() - TimeUnit.DAYS.toNanos(1));

  /**
   * Heap and allocs fed by {@code stream} once {@link #start()}ed; {@code ensureStarted} starts
   * jpprof's collectors when nothing holds them.
   */
  public HeapProfiles(AlwaysOnStream stream, Runnable ensureStarted) {
    this.stream = stream;
    this.ensureStarted = ensureStarted;
    gcs.onCollection(liveRefresh::afterGc);
  }

  /** The {@code heap} profile: live objects as of the last collection, opened on {@code inuse_space}. */
  public HeapProfile heap() {
    return heap;
  }

  /** The {@code allocs} profile: the same data, opened on {@code alloc_space}. */
  public HeapProfile allocs() {
    return allocs;
  }

  /**
   * Makes sure sampling runs: starts jpprof's collectors unless a lease holds them already. Returns
   * at once; the stream opens in the background.
   *
   * @throws io.jpprof.internal.jfr.JfrUnavailableException on a runtime without JFR
   */
  public void startSampling() {
    Jfr.requireAvailable();
    ensureStarted.run();
  }

  /**
   * Called when the collectors start, before the stream opens: remembers what each thread allocated
   * so far, subscribes the sampling events (once; kept across restarts) and listens to the GCs.
   */
  public void start() {
    allocations.baseline();
    if (!subscribed) {
      stream.subscribe(
          AllocationSampler.EVENT,
          Map.of("throttle", THROTTLE, "stackTrace", "true"),
          allocations::accept);
      if (LIVE) {
        stream.subscribe(TlabSizes.EVENT, TlabSizes.SETTINGS, tlabs::accept);
        stream.subscribe(TlabSizes.OUTSIDE_EVENT, TlabSizes.SETTINGS, tlabs::accept);
      }
      subscribed = true;
    }
    if (LIVE) {
      liveRecording.start(); // its own recording, so LiveRefresh can empty the JVM's full queue
    }
    liveRefresh.enable();
    gcs.start();
  }

  /** Called when the collectors stop, after the stream closed: removes the GC listeners. */
  public void stop() {
    gcs.stop();
    liveRefresh.disable(); // waits for a refresh in flight: it writes a snapshot file
    liveRecording.stop();
  }

  /** True once sampling runs. */
  public boolean isSampling() {
    return subscribed && stream.isRunning();
  }

  /**
   * Runs a full garbage collection by taking the JVM's class histogram, whose exact per-class live
   * bytes and counts then calibrate the next {@code heap} profile (until another GC runs). This is
   * what {@code /debug/pprof/heap?gc=1} does; it pauses the application for about 150–200 ms per
   * live GB.
   */
  public void gc() {
    startSampling();
    ClassHistogram h = ClassHistogram.take();
    sizes.learn(h);
    histogram = h;
  }

  /**
   * Whether a forced GC ({@link #gc()}) may run now, at most one per {@code intervalNanos} however
   * many servers ask (none: no limit); if so, it is counted as run.
   */
  public boolean tryForcedGc(long intervalNanos) {
    if (intervalNanos <= 0) {
      return true;
    }
    long now = System.nanoTime();
    long last = lastForcedGc.get();
    return now - last >= intervalNanos && lastForcedGc.compareAndSet(last, now);
  }

  /** How long until {@link #tryForcedGc} allows the next forced GC, in nanoseconds. */
  public long nanosUntilForcedGc(long intervalNanos) {
    return intervalNanos - (System.nanoTime() - lastForcedGc.get());
  }

  /**
   * Waits until the allocations sampled before this call are in the profiles (JFR hands events
   * over about once a second). Returns false on timeout or when sampling does not run.
   *
   * @throws InterruptedException when interrupted
   */
  public boolean awaitRecorded(Duration timeout) throws InterruptedException {
    startSampling();
    return stream.awaitFlush(timeout);
  }

  /** The histogram of the last {@link #gc()}, if no GC ran since; else null. */
  ClassHistogram currentHistogram() {
    ClassHistogram h = histogram;
    return h != null && h.current() ? h : null;
  }
}
