package io.jpprof.bench;

import io.jpprof.Profile;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

/**
 * The cost of the goroutine profile with many threads, against {@code ThreadMXBean.dumpAllThreads}
 * alone: n platform threads parked at stack depth 20, each measurement the median of several runs
 * after warm-up, all in one JVM.
 *
 * <pre>
 * mvn -q -pl bench -am package -DskipTests
 * java -cp 'bench/target/jpprof-bench.jar:bench/target/lib/*' io.jpprof.bench.ThreadDumpBench 10000
 * # JDK 21+: 100 platform and 10,000 virtual threads
 * java -cp 'bench/target/jpprof-bench.jar:bench/target/lib/*' io.jpprof.bench.ThreadDumpBench 100 10000
 * </pre>
 */
public final class ThreadDumpBench {
  private static final int DEPTH = 20;
  private static final int WARMUP = 3;
  private static final int RUNS = 15;

  private ThreadDumpBench() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int virtual = args.length > 1 ? Integer.parseInt(args[1]) : 0;
    CountDownLatch started = new CountDownLatch(n + virtual);
    List<Thread> threads = new ArrayList<>(n + virtual);
    for (int i = 0; i < n + virtual; i++) {
      Runnable park = () -> parkAtDepth(DEPTH, started);
      Thread t = i < n ? new Thread(park) : newVirtualThread(park);
      t.setName("parked-" + i);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
    started.await();
    Thread.sleep(500);

    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Profile goroutine = Profile.lookup("goroutine");
    OutputStream sink = OutputStream.nullOutputStream();

    double full = median(() -> mx.dumpAllThreads(true, true));
    double plain = median(() -> mx.dumpAllThreads(false, false));
    double debug0 = median(() -> write(goroutine, sink, 0));
    double debug1 = median(() -> write(goroutine, sink, 1));
    double debug2 = median(() -> write(goroutine, sink, 2));

    System.out.printf(Locale.ROOT, "JDK %s, %d platform + %d virtual threads parked at depth %d, -Djpprof.virtualThreads=%s; median of %d runs (ms)%n",
        Runtime.version(), n, virtual, DEPTH, System.getProperty("jpprof.virtualThreads", "(default)"), RUNS);
    System.out.printf(Locale.ROOT, "%-46s %8.1f%n", "ThreadMXBean.dumpAllThreads(true, true)", full);
    System.out.printf(Locale.ROOT, "%-46s %8.1f%n", "ThreadMXBean.dumpAllThreads(false, false)", plain);
    System.out.printf(Locale.ROOT, "%-46s %8.1f  (%.2fx dumpAllThreads(true, true))%n", "goroutine debug=2 (thread dump)", debug2, debug2 / full);
    System.out.printf(Locale.ROOT, "%-46s %8.1f  (%.2fx dumpAllThreads(false, false))%n", "goroutine debug=1 (text)", debug1, debug1 / plain);
    System.out.printf(Locale.ROOT, "%-46s %8.1f  (%.2fx dumpAllThreads(false, false))%n", "goroutine debug=0 (gzip proto)", debug0, debug0 / plain);
    threads.forEach(LockSupport::unpark);
  }

  /** {@code Thread.ofVirtual().unstarted(task)}, through reflection: this module compiles for 17. */
  private static Thread newVirtualThread(Runnable task) {
    try {
      Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
      return (Thread) Class.forName("java.lang.Thread$Builder").getMethod("unstarted", Runnable.class).invoke(builder, task);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("virtual threads need JDK 21+", e);
    }
  }

  private static void write(Profile p, OutputStream sink, int debug) {
    try {
      p.writeTo(sink, debug);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static double median(Runnable task) {
    for (int i = 0; i < WARMUP; i++) {
      task.run();
    }
    double[] ms = new double[RUNS];
    for (int i = 0; i < RUNS; i++) {
      long t0 = System.nanoTime();
      task.run();
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    return ms[RUNS / 2];
  }

  private static void parkAtDepth(int depth, CountDownLatch started) {
    if (depth > 0) {
      parkAtDepth(depth - 1, started);
      return;
    }
    started.countDown();
    while (true) {
      LockSupport.park();
      if (Thread.interrupted()) {
        return;
      }
    }
  }
}
