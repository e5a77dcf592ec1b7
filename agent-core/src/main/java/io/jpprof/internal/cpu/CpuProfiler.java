package io.jpprof.internal.cpu;

import io.jpprof.internal.jfr.Jfr;
import io.jpprof.internal.profile.ProfileData;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

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

  private final AtomicReference<Session> active = new AtomicReference<>();
  private final AtomicLong ids = new AtomicLong();
  private final CpuStream.Slot stream;
  /** The profile {@link io.jpprof.Profile#startCpuProfile} started, and where it goes; guarded by this. */
  private Session apiSession;
  private OutputStream apiOutput;

  /**
   * A profiler whose JFR stream stays open between profiles while {@code collectorsHeld} says
   * jpprof's collectors run (it must not block).
   */
  public CpuProfiler(BooleanSupplier collectorsHeld) {
    this.stream = new CpuStream.Slot(collectorsHeld);
  }

  /** A running CPU profile. */
  public final class Session implements AutoCloseable {
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
        active.compareAndSet(this, null);
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
          active.compareAndSet(this, null);
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
  public Session start(int hz) {
    Jfr.requireAvailable();
    return start(hz, CpuEngine.best());
  }

  Session start(int hz, CpuEngine engine) {
    Jfr.requireAvailable();
    int rate = Math.max(1, Math.min(MAX_HZ, hz));
    Session placeholder = new Session(null);
    if (!active.compareAndSet(null, placeholder)) {
      throw new IllegalStateException(IN_USE);
    }
    try {
      Session session = new Session(CpuRecording.start(stream, ids.incrementAndGet(), engine, rate));
      active.set(session);
      return session;
    } catch (RuntimeException | Error e) {
      active.compareAndSet(placeholder, null);
      throw e;
    }
  }

  /**
   * Closes the JFR stream that CPU profiles keep open between them ({@link CpuStream#KEEP_WARM}),
   * unless a profile runs; returns once its thread has ended. Called when jpprof's collectors stop.
   */
  public void closeIdle() {
    if (Jfr.available()) {
      CpuStream.closeIdle(stream);
    }
  }

  /** True while a CPU profile runs. */
  public boolean active() {
    return active.get() != null;
  }

  /**
   * Starts the profile of {@link io.jpprof.Profile#startCpuProfile}, to be written to {@code out}
   * by {@link #stopForApi}.
   *
   * @throws IllegalStateException {@value #IN_USE} when a CPU profile is already running
   */
  public synchronized void startForApi(int hz, OutputStream out) {
    if (apiSession != null) {
      throw new IllegalStateException(IN_USE);
    }
    apiSession = start(hz);
    apiOutput = out;
  }

  /** Ends the API's profile: returns it with its output, or null when none runs. */
  public ApiProfile stopForApi() {
    Session session;
    OutputStream out;
    synchronized (this) {
      session = apiSession;
      out = apiOutput;
      apiSession = null;
      apiOutput = null;
    }
    return session == null ? null : new ApiProfile(session.stop(), out);
  }

  /** The API's profile and where it goes. */
  public record ApiProfile(ProfileData profile, OutputStream out) {}
}
