package io.jpprof.bench;

import io.jpprof.Profile;
import io.jpprof.internal.Collectors;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The cost and the footprint of the always-on heap/allocs sampling. One JVM per run:
 *
 * <pre>
 * mvn -q -ntp -pl bench -am package -DskipTests
 * CP='bench/target/jpprof-bench.jar:bench/target/lib/*'
 * # throughput: 2 allocating threads, 5 s warm-up, 15 s measured; alternate off/on
 * for i in 1 2 3; do for m in off on; do java -Xmx1g -cp "$CP" io.jpprof.bench.HeapBench overhead $m 15; done; done
 * # footprint: high churn over 32,768 distinct allocation stacks for N seconds, heap profile every 10 s
 * java -Xmx1g -cp "$CP" io.jpprof.bench.HeapBench churn on 600
 * </pre>
 *
 * {@code overhead} prints the allocated bytes per second of the workload (two threads allocating
 * random-size byte arrays and long arrays), and per CPU-second of those threads (steadier when the
 * host is shared). {@code -Djpprof.heap.inuse=false} leaves out the live-object sampling. {@code churn} prints, every minute, the heap in use
 * after a full GC, the profile's record count, and the time to write a heap profile; the
 * workload itself retains nothing, so growth of the after-GC heap is the library's.
 */
public final class HeapBench {
  private static final AtomicBoolean stop = new AtomicBoolean();
  private static volatile Object sink;

  private HeapBench() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    boolean on = args[1].equals("on");
    int seconds = Integer.parseInt(args[2]);
    if (on) {
      Collectors.process().heap().startSampling();
      Collectors.process().heap().awaitRecorded(Duration.ofSeconds(30));
    }
    if (mode.equals("overhead")) {
      overhead(on, seconds);
    } else {
      churn(seconds);
    }
    System.exit(0);
  }

  private static void overhead(boolean on, int seconds) throws InterruptedException {
    Thread[] threads = new Thread[2];
    for (int t = 0; t < threads.length; t++) {
      long seed = t;
      threads[t] = new Thread(() -> {
        SplittableRandom random = new SplittableRandom(seed);
        while (!stop.get()) {
          for (int i = 0; i < 1000; i++) {
            int n = random.nextInt(4096);
            sink = (i & 3) == 0 ? new long[n >> 3] : new byte[n];
          }
        }
      });
      threads[t].setDaemon(true);
      threads[t].start();
    }
    Thread.sleep(5000);
    long b0 = allocated(threads);
    long c0 = cpu(threads);
    long t0 = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    long b1 = allocated(threads);
    long c1 = cpu(threads);
    long t1 = System.nanoTime();
    stop.set(true);
    System.out.printf(Locale.ROOT, "JDK %s sampling=%s: %.2f GB/s allocated, %.2f GB per CPU-second%n",
        Runtime.version().feature(), on ? "on" : "off", (b1 - b0) / ((t1 - t0) / 1e9) / 1e9,
        (b1 - b0) / ((c1 - c0) / 1e9) / 1e9);
  }

  /** CPU time of the workload threads: unlike wall time, it hardly moves when the host is busy. */
  private static long cpu(Thread[] threads) {
    long sum = 0;
    for (Thread t : threads) {
      sum += ManagementFactory.getThreadMXBean().getThreadCpuTime(t.getId());
    }
    return sum;
  }

  private static long allocated(Thread[] threads) {
    var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (Thread t : threads) {
      sum += mx.getThreadAllocatedBytes(t.getId());
    }
    return sum;
  }

  private static void churn(int seconds) throws Exception {
    Thread[] threads = new Thread[2];
    for (int t = 0; t < threads.length; t++) {
      long seed = t;
      threads[t] = new Thread(() -> {
        SplittableRandom random = new SplittableRandom(seed);
        while (!stop.get()) {
          path(12, random.nextInt(1 << 12), random.nextInt(8));
        }
      });
      threads[t].setDaemon(true);
      threads[t].start();
    }
    long start = System.nanoTime();
    long nextReport = 0;
    long worstWriteMs = 0;
    OutputStream nul = OutputStream.nullOutputStream();
    while (System.nanoTime() - start < seconds * 1_000_000_000L) {
      Thread.sleep(10_000);
      long w0 = System.nanoTime();
      Profile.writeHeapProfile(nul);
      worstWriteMs = Math.max(worstWriteMs, (System.nanoTime() - w0) / 1_000_000);
      long elapsed = (System.nanoTime() - start) / 1_000_000_000L;
      if (elapsed >= nextReport) {
        nextReport += 60;
        System.gc();
        // Usage right after that full GC (getUsage() would include eden refilled by the churners).
        long used = 0;
        for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
          if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getCollectionUsage() != null) {
            used += pool.getCollectionUsage().getUsed();
          }
        }
        System.out.printf(Locale.ROOT, "JDK %d t=%ds heap after GC %.1f MB, heap records %d, slowest write %d ms%n",
            Runtime.version().feature(), elapsed, used / 1e6, Profile.lookup("heap").count(), worstWriteMs);
      }
    }
    stop.set(true);
  }

  /** One of 4,096 distinct call paths (12 levels of left/right), then one of 8 allocation lines. */
  private static void path(int depth, int bits, int leaf) {
    if (depth == 0) {
      allocate(leaf);
    } else if ((bits & 1) == 0) {
      left(depth - 1, bits >>> 1, leaf);
    } else {
      right(depth - 1, bits >>> 1, leaf);
    }
  }

  private static void left(int depth, int bits, int leaf) {
    path(depth, bits, leaf);
  }

  private static void right(int depth, int bits, int leaf) {
    path(depth, bits, leaf);
  }

  private static void allocate(int leaf) {
    switch (leaf) {
      case 0 -> sink = new byte[64];
      case 1 -> sink = new byte[512];
      case 2 -> sink = new long[32];
      case 3 -> sink = new Object[16];
      case 4 -> sink = new int[100];
      case 5 -> sink = new char[200];
      case 6 -> sink = new StringBuilder(64);
      default -> sink = new byte[2048];
    }
  }
}
