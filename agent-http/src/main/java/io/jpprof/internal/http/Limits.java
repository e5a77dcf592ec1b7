package io.jpprof.internal.http;

import io.jpprof.internal.heap.HeapProfiles;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounds that keep a diagnostics endpoint from becoming the problem: long requests run on
 * their own bounded pool of daemon threads (so they never hold the threads that serve the index),
 * at most {@code maxLongRequests} at once; profile collections run on a pool of four times as many
 * threads as processors (at least 8), identical ones shared ({@link SharedCollections}), with at most {@value
 * #MAX_WAITING_COLLECTIONS} requests waiting for one (a waiting request holds no thread); forced GCs
 * ({@code gc=1}) at most one per interval in the whole process.
 */
public final class Limits {

  private final int maxLong;
  private final Semaphore longSlots;
  private final ThreadPoolExecutor longPool;
  private final long gcIntervalNanos;
  private final Semaphore collectSlots = new Semaphore(MAX_WAITING_COLLECTIONS);
  private final ThreadPoolExecutor collectPool;

  /**
   * Requests waiting for a profile collection (queued, running or sharing one) beyond which 503
   * answers: well above what 100 concurrent clients need, since identical requests share one.
   */
  static final int MAX_WAITING_COLLECTIONS = 256;

  public Limits(int maxLongRequests, Duration gcInterval) {
    this.maxLong = maxLongRequests;
    this.longSlots = new Semaphore(maxLongRequests);
    String name = "jpprof-long-";
    AtomicInteger threads = new AtomicInteger();
    this.longPool = new ThreadPoolExecutor(0, maxLongRequests, 10, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
      Thread t = new Thread(r, name + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.gcIntervalNanos = gcInterval.toNanos();
    // collections mostly wait (on JFR's lock, for a JFR flush, a thread dump at a safepoint), so more
    // threads than cores; shared, at most two per distinct snapshot are queued or running
    int collectors = Math.max(8, 4 * Runtime.getRuntime().availableProcessors());
    String cname = "jpprof-collect-";
    AtomicInteger cthreads = new AtomicInteger();
    this.collectPool = new ThreadPoolExecutor(collectors, collectors, 10, TimeUnit.SECONDS,
        new java.util.concurrent.LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, cname + cthreads.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    this.collectPool.allowCoreThreadTimeOut(true);
  }

  /** Takes a slot for a request that collects; false when {@value #MAX_WAITING_COLLECTIONS} wait. */
  boolean tryStartCollect() {
    return collectSlots.tryAcquire();
  }

  void endCollect() {
    collectSlots.release();
  }

  Executor collectPool() {
    return collectPool;
  }

  /** Takes a slot for a long request; false when all {@code maxLongRequests} are in use. */
  boolean tryStartLong() {
    return longSlots.tryAcquire();
  }

  void endLong() {
    longSlots.release();
  }

  int maxLong() {
    return maxLong;
  }

  Executor longPool() {
    return longPool;
  }

  /** Whether a forced GC may run now; if so, it is counted as run. */
  boolean tryForcedGc(HeapProfiles heap) {
    return heap.tryForcedGc(gcIntervalNanos);
  }

  /** Seconds until the next forced GC is allowed (at least 1). */
  long gcRetryAfterSeconds(HeapProfiles heap) {
    long left = heap.nanosUntilForcedGc(gcIntervalNanos);
    return Math.max(1, TimeUnit.NANOSECONDS.toSeconds(left + 999_999_999L));
  }

  long gcIntervalSeconds() {
    return Math.max(1, TimeUnit.NANOSECONDS.toSeconds(gcIntervalNanos));
  }

  /**
   * Stops the pools: running long requests are interrupted and end (their clients see a cut).
   * Returns once they have ended (at most a few seconds), since a request closes its CPU profile or
   * recording as it unwinds: a container's shutdown that follows finds nothing of jpprof running.
   */
  void close() {
    longPool.shutdownNow();
    collectPool.shutdownNow();
    try {
      longPool.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
      collectPool.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static final long CLOSE_WAIT_SECONDS = 5;
}
