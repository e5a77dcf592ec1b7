package io.jpprof.internal;

import io.jpprof.internal.config.ConfigValues;
import io.jpprof.internal.contention.ContentionProfile;
import io.jpprof.internal.contention.ContentionRecorder;
import io.jpprof.internal.cpu.CpuHistory;
import io.jpprof.internal.cpu.CpuProfiler;
import io.jpprof.internal.heap.HeapProfiles;
import io.jpprof.internal.history.History;
import io.jpprof.internal.jfr.AlwaysOnStream;
import io.jpprof.internal.jfr.Jfr;
import io.jpprof.internal.jfr.JfrTrace;
import io.jpprof.internal.profile.NamedProfiles;
import io.jpprof.internal.threads.GoroutineProfile;
import io.jpprof.internal.threads.ThreadCreateProfile;
import io.jpprof.internal.wall.WallProfiler;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one owner of jpprof's process-wide state. It builds the always-on JFR stream ({@link
 * AlwaysOnStream}) and the collectors it feeds (heap and allocs, block and mutex, threadcreate), the
 * CPU profiler and its stream, the recording that keeps the last minutes when configured ({@link
 * #configureHistory}), the tracer and the wall-clock profiler, and hands each its dependencies
 * through its constructor; none of them reaches back here. The process has one ({@link
 * #process()}): the static Go-style API ({@code io.jpprof.Profile}) and every door use it.
 *
 * <p>Whoever needs them — a pprof server, an agent — takes a {@link Lease} with {@link #acquire()}
 * and closes it when done. The first lease starts the collectors in the background (the caller
 * never waits; opening JFR takes about 0.4 s); closing the last lease stops them and returns once
 * nothing is left: no JFR recording or stream, no jpprof thread, no repository chunk. Then the next
 * lease starts them again. What the profiles accumulated (their bounded tables) is kept across
 * such restarts, as Go keeps its profiles for the life of the process.
 *
 * <p>Users of the runtime/pprof-style API hold one lease for the life of the process: {@link
 * io.jpprof.Profile#startRecording()} takes it, and so does the first use of an always-on profile
 * when no lease is held ({@link #ensureStarted()}).
 *
 * <p>Per-request recordings (a CPU profile, a trace, a heap snapshot) are not kept here: each is
 * closed by whoever started it, and each leaves nothing behind when closed, but for the stream CPU
 * profiles keep open for a minute after the last one ({@link CpuProfiler#closeIdle}), which
 * closing the last lease closes.
 *
 * <p>On a runtime without JFR ({@link Jfr#unavailableReason()}) leases are counted but start
 * nothing.
 */
public final class Collectors {
  private static final Logger log = LoggerFactory.getLogger(Collectors.class);
  /** The always-on collectors by the names of the profiles they feed. */
  public static final Set<String> ALL = ConfigValues.COLLECTORS;

  /** The process's collectors, made at first use; guarded by the class. */
  private static Collectors process;

  private final Object lock = new Object();
  /** Leases held; written under {@link #lock}, read without it ({@link #held()} must never block). */
  private volatile int leases;
  private boolean processLease; // guarded by lock
  private Thread starter; // guarded by lock
  private volatile Set<String> enabled = ALL;

  private final AlwaysOnStream stream = new AlwaysOnStream();
  private final History history = new History();
  private final HeapProfiles heap;
  private final ContentionRecorder contention;
  private final ThreadCreateProfile threadCreate;
  private final CpuProfiler cpu;
  private final CpuHistory cpuHistory;
  private final JfrTrace.Tracer tracer = new JfrTrace.Tracer();
  private final WallProfiler wall = new WallProfiler();
  private final NamedProfiles profiles = new NamedProfiles();

  /**
   * Collectors that start nothing until a lease is taken. Tests make their own; everything else uses
   * {@link #process()}.
   */
  public Collectors() {
    Runnable ensureStarted = this::ensureStarted;
    this.heap = new HeapProfiles(stream, ensureStarted);
    this.contention = new ContentionRecorder(stream, history, ensureStarted);
    this.threadCreate = new ThreadCreateProfile(stream, ensureStarted);
    this.cpu = new CpuProfiler(this::held);
    this.cpuHistory = new CpuHistory(history);
    profiles.add("goroutine", new GoroutineProfile(), null);
    profiles.add("heap", heap.heap(), null);
    profiles.add("allocs", heap.allocs(), null);
    profiles.add("block", ContentionProfile.block(contention, history), null);
    profiles.add("mutex", ContentionProfile.mutex(contention, history), null);
    profiles.add("threadcreate", threadCreate, null);
  }

  /** The process's collectors, used by the static API ({@code io.jpprof.Profile}) and every door. */
  public static synchronized Collectors process() {
    if (process == null) {
      process = new Collectors();
    }
    return process;
  }

  /** runtime/pprof's named profiles: the built-in ones and the application's. */
  public NamedProfiles profiles() {
    return profiles;
  }

  /** The always-on JFR stream. */
  public AlwaysOnStream stream() {
    return stream;
  }

  /** The recording that keeps the last minutes, when configured. */
  public History history() {
    return history;
  }

  /** The heap and allocs collector. */
  public HeapProfiles heap() {
    return heap;
  }

  /** The block and mutex recorder. */
  public ContentionRecorder contention() {
    return contention;
  }

  /** The threadcreate profile. */
  public ThreadCreateProfile threadCreate() {
    return threadCreate;
  }

  /** The CPU profiler: one CPU profile at a time. */
  public CpuProfiler cpu() {
    return cpu;
  }

  /** CPU profiles of windows that have passed, from {@link #history()}. */
  public CpuHistory cpuHistory() {
    return cpuHistory;
  }

  /** Where execution traces start: one at a time. */
  public JfrTrace.Tracer tracer() {
    return tracer;
  }

  /** The wall-clock profiler. */
  public WallProfiler wall() {
    return wall;
  }

  /** A claim on the collectors; closing it (idempotent) may stop them. */
  public final class Lease implements AutoCloseable {
    private final AtomicBoolean closed = new AtomicBoolean();

    private Lease() {}

    /** Releases the claim; the last one stops the collectors and returns when they have ended. */
    @Override
    public void close() {
      if (closed.compareAndSet(false, true)) {
        release();
      }
    }
  }

  /** Takes a lease; the first one starts the collectors in the background. Never blocks on JFR. */
  public Lease acquire() {
    synchronized (lock) {
      if (leases++ == 0) {
        startLocked();
      }
    }
    return new Lease();
  }

  /**
   * Takes the process's lease, once: it is never closed. Used by {@link
   * io.jpprof.Profile#startRecording()}.
   */
  public void holdForProcess() {
    synchronized (lock) {
      if (processLease) {
        return;
      }
      processLease = true;
      if (leases++ == 0) {
        startLocked();
      }
    }
  }

  /**
   * Makes sure the collectors run: does nothing while a lease is held, else takes the process's
   * lease ({@link #holdForProcess()}). Called on the first use of an always-on profile.
   */
  public void ensureStarted() {
    if (leases == 0) {
      holdForProcess();
    }
  }

  /**
   * Chooses which always-on collectors the next start runs ({@code heap} also feeds allocs; {@code
   * block} and {@code mutex} share one subscription); unknown names are ignored. Collectors already
   * running keep running until the last lease closes.
   */
  public void configure(Set<String> which) {
    enabled = Set.copyOf(which);
  }

  /**
   * How much history the next start keeps for {@code profile}, {@code block} and {@code mutex}
   * ({@code ?history=1}); null keeps none (the default).
   */
  public void configureHistory(Duration keep) {
    history.configure(keep);
  }

  /** True while any lease is held; never blocks. */
  public boolean held() {
    return leases > 0;
  }

  private void release() {
    synchronized (lock) {
      if (--leases == 0) {
        stopLocked();
      }
    }
  }

  private void startLocked() {
    if (!Jfr.available()) {
      log.debug("{}; the always-on profiles are off", Jfr.unavailableReason().orElse(""));
      return;
    }
    // JMX and JFR class loading take a while: off the caller's thread
    starter = new Thread(this::start, "jpprof-start");
    starter.setDaemon(true);
    starter.start();
  }

  private void start() {
    try {
      Set<String> which = enabled;
      if (which.contains("heap")) {
        heap.start();
      }
      if (which.contains("block") || which.contains("mutex")) {
        contention.subscribe();
      }
      if (which.contains("threadcreate")) {
        threadCreate.subscribe();
      }
      stream.start();
      if (history.configured().isPresent()) {
        cpuHistory.subscribe();
        history.start();
      }
    } catch (RuntimeException | Error e) {
      log.warn("jpprof: cannot start the always-on collectors", e);
    }
  }

  private void stopLocked() {
    Thread t = starter;
    starter = null;
    if (t == null) {
      return; // nothing was started (no JFR)
    }
    boolean interrupted = false;
    while (t.isAlive()) {
      try {
        t.join();
      } catch (InterruptedException e) {
        interrupted = true; // it ends within a second; stopping before it has would leak the stream
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    stream.stop();
    history.stop();
    cpu.closeIdle();
    heap.stop();
    threadCreate.stopped();
  }
}
