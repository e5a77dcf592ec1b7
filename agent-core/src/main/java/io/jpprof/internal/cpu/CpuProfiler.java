package io.jpprof.internal.cpu;

import io.jpprof.internal.jfr.Jfr;
import io.jpprof.internal.profile.ProfileData;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The process's one CPU profiler: at most one CPU profile runs at a time, whether started by the
 * API ({@link io.jpprof.Profile#startCpuProfile}) or by {@code /debug/pprof/profile}, as in Go.
 *
 * <p>The cost rule behind the default rates: JFR pays per sample (an execution sample suspends the
 * thread to walk its stack), so a profile's cost grows with its rate and lasts as long as it runs.
 * A live profile defaults to 25–50 Hz for at most 1 % while it runs; history ({@link CpuHistory}),
 * which samples all the time, to 10 Hz.
 */
public final class CpuProfiler {
  /** Go's rate: 100 samples per second ({@code hz=100} asks for it). */
  public static final int GO_HZ = 100;
  /**
   * The default with CPU-time samples (JDK 25+, Linux): one per 20 ms of a thread's CPU time. At
   * Go's 100 Hz a CPU-bound workload lost 0.7–6 % of its throughput, at 50 Hz 0.2 % (paired rounds,
   * docs/benchmarks.md).
   */
  public static final int CPU_TIME_SAMPLE_HZ = 50;
  /**
   * The default with execution samples (JDK 17–24, or other systems): 25 per second. JFR suspends
   * each sampled thread to walk its stack (about 0.1 ms); at 100 Hz a CPU-bound workload lost 4 %
   * of its throughput on JDK 17, at 50 Hz 0.6–1.4 %, at 25 Hz 0.1 % (paired rounds, docs/benchmarks.md).
   */
  public static final int EXECUTION_SAMPLE_HZ = 25;
  /** The highest rate accepted; JFR honours 1 ms, at a cost of several per cent. */
  public static final int MAX_HZ = 1000;
  /** Go's error text when a profile is already running. */
  public static final String IN_USE = "cpu profiling already in use";

  private static final AtomicReference<Session> ACTIVE = new AtomicReference<>();

  private CpuProfiler() {}

  /** A running CPU profile. */
  public static final class Session implements AutoCloseable {
    private final CpuRecording recording;
    private boolean done;

    private Session(CpuRecording recording) {
      this.recording = recording;
    }

    /** Ends the profile and returns it. */
    public synchronized ProfileData stop() {
      if (done) {
        throw new IllegalStateException("CPU profile already stopped");
      }
      done = true;
      try {
        return recording.stop();
      } finally {
        ACTIVE.compareAndSet(this, null);
      }
    }

    /** Ends the profile without building it (for example when the client went away); idempotent. */
    @Override
    public synchronized void close() {
      if (!done) {
        done = true;
        try {
          recording.abort();
        } finally {
          ACTIVE.compareAndSet(this, null);
        }
      }
    }
  }

  /**
   * The rate a CPU profile uses when none is asked for, lower than Go's so that a profile costs at
   * most 1 % of throughput: {@value #CPU_TIME_SAMPLE_HZ} where the JVM samples CPU time ({@code
   * jdk.CPUTimeSample}), else {@value #EXECUTION_SAMPLE_HZ}. The profile's period states the rate
   * used.
   */
  public static int defaultHz() {
    if (!Jfr.available()) {
      return EXECUTION_SAMPLE_HZ; // start() then says why there is no profile
    }
    return CpuEngine.best() == CpuEngine.CPU_TIME_SAMPLE ? CPU_TIME_SAMPLE_HZ : EXECUTION_SAMPLE_HZ;
  }

  /**
   * Starts a CPU profile sampling at {@code hz} per second (clamped to 1..{@value #MAX_HZ}), with the
   * best engine this JVM has.
   *
   * @throws IllegalStateException {@value #IN_USE} when a CPU profile is already running
   * @throws io.jpprof.internal.jfr.JfrUnavailableException on a runtime without JFR
   */
  public static Session start(int hz) {
    Jfr.requireAvailable();
    return start(hz, CpuEngine.best());
  }

  static Session start(int hz, CpuEngine engine) {
    Jfr.requireAvailable();
    int rate = Math.max(1, Math.min(MAX_HZ, hz));
    Session placeholder = new Session(null);
    if (!ACTIVE.compareAndSet(null, placeholder)) {
      throw new IllegalStateException(IN_USE);
    }
    try {
      Session session = new Session(CpuRecording.start(engine, rate));
      ACTIVE.set(session);
      return session;
    } catch (RuntimeException | Error e) {
      ACTIVE.compareAndSet(placeholder, null);
      throw e;
    }
  }

  /**
   * Closes the JFR stream that CPU profiles keep open between them ({@link CpuStream#KEEP_WARM}),
   * unless a profile runs; returns once its thread has ended. Called when jpprof's collectors stop.
   */
  public static void closeIdle() {
    if (Jfr.available()) {
      CpuStream.closeIdle();
    }
  }

  /** True while a CPU profile runs. */
  public static boolean active() {
    return ACTIVE.get() != null;
  }
}
