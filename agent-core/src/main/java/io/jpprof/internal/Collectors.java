package io.jpprof.internal;

import io.jpprof.internal.contention.ContentionRecorder;
import io.jpprof.internal.cpu.CpuHistory;
import io.jpprof.internal.cpu.CpuProfiler;
import io.jpprof.internal.heap.HeapProfiles;
import io.jpprof.internal.history.History;
import io.jpprof.internal.jfr.AlwaysOnStream;
import io.jpprof.internal.jfr.Jfr;
import io.jpprof.internal.threads.ThreadCreateProfile;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one owner of jpprof's process-wide collectors: the always-on JFR stream ({@link
 * AlwaysOnStream}) with the subscriptions of heap, allocs, block, mutex and threadcreate, its
 * thread, the garbage-collector listeners, and, when configured ({@link #configureHistory}), the
 * recording that keeps the last minutes ({@link History}).
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
  private static final Object LOCK = new Object();
  /** The always-on collectors by the names of the profiles they feed. */
  public static final Set<String> ALL = Set.of("heap", "block", "mutex", "threadcreate");

  private static int leases;
  private static boolean processLease;
  private static Thread starter;
  private static volatile Set<String> enabled = ALL;

  private Collectors() {}

  /** A claim on the collectors; closing it (idempotent) may stop them. */
  public static final class Lease implements AutoCloseable {
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
  public static Lease acquire() {
    synchronized (LOCK) {
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
  public static void holdForProcess() {
    synchronized (LOCK) {
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
  public static void ensureStarted() {
    synchronized (LOCK) {
      if (leases > 0) {
        return;
      }
    }
    holdForProcess();
  }

  /**
   * Chooses which always-on collectors the next start runs ({@code heap} also feeds allocs; {@code
   * block} and {@code mutex} share one subscription); unknown names are ignored. Collectors already
   * running keep running until the last lease closes.
   */
  public static void configure(Set<String> which) {
    enabled = Set.copyOf(which);
  }

  /**
   * How much history the next start keeps for {@code profile}, {@code block} and {@code mutex}
   * ({@code ?history=1}); null keeps none (the default).
   */
  public static void configureHistory(Duration keep) {
    History.configure(keep);
  }

  /** True while any lease is held. */
  public static boolean held() {
    synchronized (LOCK) {
      return leases > 0;
    }
  }

  /** The number of leases held (tests). */
  static int leases() {
    synchronized (LOCK) {
      return leases;
    }
  }

  private static void release() {
    synchronized (LOCK) {
      if (--leases == 0) {
        stopLocked();
      }
    }
  }

  private static void startLocked() {
    if (!Jfr.available()) {
      log.debug("{}; the always-on profiles are off", Jfr.unavailableReason().orElse(""));
      return;
    }
    // JMX and JFR class loading take a while: off the caller's thread
    starter = new Thread(Collectors::start, "jpprof-start");
    starter.setDaemon(true);
    starter.start();
  }

  private static void start() {
    try {
      Set<String> which = enabled;
      if (which.contains("heap")) {
        HeapProfiles.start();
      }
      if (which.contains("block") || which.contains("mutex")) {
        ContentionRecorder.subscribe();
      }
      if (which.contains("threadcreate")) {
        ThreadCreateProfile.instance().subscribe();
      }
      AlwaysOnStream.start();
      if (History.configured().isPresent()) {
        CpuHistory.subscribe();
        History.start();
      }
    } catch (RuntimeException | Error e) {
      log.warn("jpprof: cannot start the always-on collectors", e);
    }
  }

  private static void stopLocked() {
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
    AlwaysOnStream.stop();
    History.stop();
    CpuProfiler.closeIdle();
    HeapProfiles.stop();
    ThreadCreateProfile.instance().stopped();
  }
}
