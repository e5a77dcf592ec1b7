package io.jpprof.bench;

import io.jpprof.internal.Collectors;
import io.jpprof.internal.profile.ProfileData;
import io.jpprof.internal.wall.WallProfiler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Overhead of the wall-clock profile: the throughput of 2 CPU-bound workers with and without a
 * profile running, in alternating windows (5 s, or {@code -Dwindow}) (side by side, one JVM), with 50 and 500 threads in
 * the JVM (the others parked or sleeping at stack depth 30, like a server's idle pool).
 *
 * <pre>
 * java [-Dwindow=seconds] -cp 'bench/target/jpprof-bench.jar:bench/target/lib/*' io.jpprof.bench.WallBench [rounds] [threads...]
 * </pre>
 */
public final class WallBench {
  private static final long WINDOW_MILLIS = Long.getLong("window", 5) * 1000;
  private static volatile long sink;

  private WallBench() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int[] counts = args.length > 1 ? java.util.Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray()
        : new int[] {50, 500};
    System.out.println("| threads | off (ops/s) | on (ops/s) | on / off | dumps/s | ms per dump |");
    System.out.println("|---|---|---|---|---|---|");
    for (int n : counts) {
      AtomicBoolean stop = new AtomicBoolean();
      List<Thread> idle = startIdle(n - 2, stop);
      LongAdder ops = new LongAdder();
      List<Thread> workers = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        Thread w = new Thread(() -> {
          while (!stop.get()) {
            sink += work();
            ops.increment();
          }
        }, "worker-" + i);
        w.setDaemon(true);
        w.start();
        workers.add(w);
      }
      Thread.sleep(3000); // warm-up
      double off = 0;
      double on = 0;
      double dumps = 0;
      double msPerDump = 0;
      for (int r = 0; r < rounds; r++) {
        off += window(ops, null);
        WallProfiler.Session s = Collectors.process().wall().start(WallProfiler.Options.defaults());
        on += window(ops, s);
        ProfileData p = s.stop();
        String comment = p.comments().get(0); // "…, N dumps of …, X ms each on average"
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+) dumps .*?([\\d.]+) ms each").matcher(comment);
        if (m.find()) {
          dumps += Long.parseLong(m.group(1)) * 1000.0 / WINDOW_MILLIS;
          msPerDump += Double.parseDouble(m.group(2));
        }
      }
      System.out.printf("| %d | %.0f | %.0f | **%.3f** | %.1f | %.2f |%n", n, off / rounds, on / rounds, on / off,
          dumps / rounds, msPerDump / rounds);
      stop.set(true);
      idle.forEach(LockSupport::unpark);
      for (Thread t : idle) {
        t.interrupt();
        t.join();
      }
      for (Thread w : workers) {
        w.join();
      }
    }
  }

  private static double window(LongAdder ops, WallProfiler.Session session) throws InterruptedException {
    long before = ops.sum();
    long t0 = System.nanoTime();
    Thread.sleep(WINDOW_MILLIS);
    return (ops.sum() - before) * 1e9 / (System.nanoTime() - t0);
  }

  private static List<Thread> startIdle(int n, AtomicBoolean stop) throws InterruptedException {
    CountDownLatch started = new CountDownLatch(n);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean sleeper = i % 2 == 0;
      Thread t = new Thread(() -> deep(30, () -> {
        started.countDown();
        while (!stop.get()) {
          if (sleeper) {
            try {
              Thread.sleep(100);
            } catch (InterruptedException e) {
              return;
            }
          } else {
            LockSupport.park();
          }
        }
      }), (sleeper ? "sleeper-" : "parked-") + i);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
    started.await();
    return threads;
  }

  private static void deep(int depth, Runnable leaf) {
    if (depth == 0) {
      leaf.run();
    } else {
      deep(depth - 1, leaf);
    }
  }

  private static long work() {
    long x = sink | 1;
    for (int i = 0; i < 10_000; i++) {
      x ^= x << 13;
      x ^= x >>> 7;
      x ^= x << 17;
    }
    return x;
  }
}
