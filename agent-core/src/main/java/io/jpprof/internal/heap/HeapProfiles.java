package io.jpprof.internal.heap;

import io.jpprof.internal.jfr.JfrStacks;
import io.jpprof.internal.jfr.AlwaysOnStream;
import java.time.Duration;
import java.util.Map;

/**
 * Switches on the always-on memory sampling behind the {@code heap} and {@code allocs} profiles.
 *
 * <p>Go records allocations from program start; the JVM records nothing until a JFR recording asks
 * for it. {@link #startSampling()} opens one JFR stream with {@code jdk.ObjectAllocationSample}
 * (throttled to {@link #THROTTLE}, with stacks) and {@code jdk.OldObjectSample} (the live-object
 * sample set, with allocation stacks): call it as early as possible, for example when the pprof
 * server starts. The first heap or allocs profile starts it too, but then it only covers what came
 * after. Starting takes about 0.4 s on JDK 17, on a background thread; the caller never waits.
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
   * Starts the allocation and live-object sampling in the background; later calls do nothing.
   * Returns at once: even the JMX and JFR class loading happen on a daemon thread.
   */
  public static void startSampling() {
    synchronized (HeapProfiles.class) {
      if (subscribed) {
        return;
      }
      subscribed = true;
    }
    Thread t = new Thread(() -> {
      ALLOCATIONS.baseline();
      AlwaysOnStream.subscribe(
          AllocationSampler.EVENT,
          Map.of("throttle", THROTTLE, "stackTrace", "true"),
          ALLOCATIONS::accept);
      if (LIVE) {
        LiveRecording.start(); // its own recording, so LiveRefresh can empty the JVM's full queue
        AlwaysOnStream.subscribe(TlabSizes.EVENT, TlabSizes.SETTINGS, TLABS::accept);
        AlwaysOnStream.subscribe(TlabSizes.OUTSIDE_EVENT, TlabSizes.SETTINGS, TLABS::accept);
      }
      AlwaysOnStream.start();
      GcActivity.init();
    }, "jpprof-heap-start");
    t.setDaemon(true);
    t.start();
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
