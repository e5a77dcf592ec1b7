package io.jpprof.internal.heap;

import io.jpprof.internal.Collectors;
import io.jpprof.internal.jfr.AlwaysOnStream;
import io.jpprof.internal.jfr.Jfr;
import io.jpprof.internal.jfr.JfrStacks;
import java.time.Duration;
import java.util.Map;

/**
 * Switches on the always-on memory sampling behind the {@code heap} and {@code allocs} profiles.
 *
 * <p>Go records allocations from program start; the JVM records nothing until a JFR recording asks
 * for it. {@link #startSampling()} opens one JFR stream with {@code jdk.ObjectAllocationSample}
 * (throttled to {@link #THROTTLE}, with stacks) and {@code jdk.OldObjectSample} (the live-object
 * sample set, with allocation stacks): {@link Collectors} starts it with the other always-on
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

  static final AllocationSampler ALLOCATIONS = new AllocationSampler();
  static final ObjectSizes SIZES = new ObjectSizes();
  static final JfrStacks LIVE_STACKS = new JfrStacks();
  static final TlabSizes TLABS = new TlabSizes();
  static final LiveSamples LIVE_WEIGHTS = new LiveSamples();
  private static volatile ClassHistogram histogram;
  private static volatile boolean subscribed;

  private HeapProfiles() {}

  /**
   * Makes sure sampling runs: starts jpprof's collectors ({@link Collectors#ensureStarted()}) unless
   * a lease holds them already. Returns at once; the stream opens in the background.
   *
   * @throws io.jpprof.internal.jfr.JfrUnavailableException on a runtime without JFR
   */
  public static void startSampling() {
    Jfr.requireAvailable();
    Collectors.ensureStarted();
  }

  /**
   * Called by {@link Collectors} before the stream opens: remembers what each thread allocated so
   * far, subscribes the sampling events (once; kept across restarts) and listens to the GCs.
   */
  public static void start() {
    ALLOCATIONS.baseline();
    if (!subscribed) {
      AlwaysOnStream.subscribe(
          AllocationSampler.EVENT,
          Map.of("throttle", THROTTLE, "stackTrace", "true"),
          ALLOCATIONS::accept);
      if (LIVE) {
        AlwaysOnStream.subscribe(TlabSizes.EVENT, TlabSizes.SETTINGS, TLABS::accept);
        AlwaysOnStream.subscribe(TlabSizes.OUTSIDE_EVENT, TlabSizes.SETTINGS, TLABS::accept);
      }
      subscribed = true;
    }
    if (LIVE) {
      LiveRecording.start(); // its own recording, so LiveRefresh can empty the JVM's full queue
    }
    LiveRefresh.enable();
    GcActivity.start();
  }

  /** Called by {@link Collectors} after the stream closed: removes the GC listeners. */
  public static void stop() {
    GcActivity.stop();
    LiveRefresh.disable(); // waits for a refresh in flight: it writes a snapshot file
    LiveRecording.stop();
  }

  /** True once sampling runs. */
  public static boolean isSampling() {
    return subscribed && AlwaysOnStream.isRunning();
  }

  /**
   * Runs a full garbage collection by taking the JVM's class histogram, whose exact per-class live
   * bytes and counts then calibrate the next {@code heap} profile (until another GC runs). This is
   * what {@code /debug/pprof/heap?gc=1} does; it pauses the application for about 150–200 ms per
   * live GB.
   */
  public static void gc() {
    startSampling();
    ClassHistogram h = ClassHistogram.take();
    SIZES.learn(h);
    histogram = h;
  }

  /**
   * Waits until the allocations sampled before this call are in the profiles (JFR hands events
   * over about once a second). Returns false on timeout or when sampling does not run.
   *
   * @throws InterruptedException when interrupted
   */
  public static boolean awaitRecorded(Duration timeout) throws InterruptedException {
    startSampling();
    return AlwaysOnStream.awaitFlush(timeout);
  }

  /** The histogram of the last {@link #gc()}, if no GC ran since; else null. */
  static ClassHistogram currentHistogram() {
    ClassHistogram h = histogram;
    return h != null && h.current() ? h : null;
  }
}
