package io.jpprof.bench;

import io.jpprof.Profile;
import io.jpprof.internal.Collectors;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Overhead of the always-on collectors (block, mutex, threadcreate, heap sampling: one JFR stream)
 * on a lock-heavy workload: 4 threads contending on a monitor and on a {@link ReentrantLock}, with
 * a short critical section. Each measurement runs in a fresh JVM, alternating "off" (jpprof never
 * started) and "on" ({@link Profile#startRecording()} at default settings), and the median of each
 * is compared. Also the wait-event rate JFR delivers at the defaults.
 *
 * <pre>
 * mvn -q -ntp -pl bench -am package -DskipTests
 * java -cp 'bench/target/jpprof-bench.jar:bench/target/lib/*' io.jpprof.bench.ContentionBench 5 8
 * </pre>
 *
 * Arguments: rounds (default 5), seconds per measurement (default 8).
 */
public final class ContentionBench {
  private static final int THREADS = 4;
  private static final Object MONITOR = new Object();
  private static final ReentrantLock LOCK = new ReentrantLock();
  private static volatile long sink;

  private ContentionBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("child")) {
      child(args[1].equals("on"), Integer.parseInt(args[2]));
      return;
    }
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    List<Double> off = new ArrayList<>();
    List<Double> on = new ArrayList<>();
    List<Double> rates = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      off.add(run("off", seconds)[0]);
      double[] result = run("on", seconds);
      on.add(result[0]);
      rates.add(result[1]);
    }
    double offOps = median(off);
    double onOps = median(on);
    System.out.printf(Locale.ROOT, "JDK %s, %d threads, %d rounds of %d s, fresh JVM each%n", Runtime.version(), THREADS,
        rounds, seconds);
    System.out.printf(Locale.ROOT, "collectors off   %12.0f lock ops/s  %s%n", offOps, off);
    System.out.printf(Locale.ROOT, "collectors on    %12.0f lock ops/s  %s%n", onOps, on);
    System.out.printf(Locale.ROOT, "ratio on/off     %.4f; wait events delivered at the defaults: %.1f/s%n", onOps / offOps,
        median(rates));
  }

  private static double[] run(String mode, int seconds) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
        ContentionBench.class.getName(), "child", mode, Integer.toString(seconds))
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    String last = out.lines().filter(l -> l.startsWith("RESULT ")).findFirst()
        .orElseThrow(() -> new IllegalStateException("child failed:\n" + out));
    String[] f = last.split(" ");
    return new double[] {Double.parseDouble(f[1]), Double.parseDouble(f[2])};
  }

  private static void child(boolean on, int seconds) throws Exception {
    if (on) {
      Profile.startRecording();
      Collectors.process().stream().awaitRunning(Duration.ofSeconds(20));
    }
    work(2); // warm-up
    long events0 = Collectors.process().contention().eventsSeen();
    long t0 = System.nanoTime();
    long ops = work(seconds);
    double elapsed = (System.nanoTime() - t0) / 1e9;
    if (on) {
      Collectors.process().stream().awaitFlush(Duration.ofSeconds(5));
    }
    double rate = (Collectors.process().contention().eventsSeen() - events0) / elapsed;
    System.out.printf(Locale.ROOT, "RESULT %.1f %.2f%n", ops / elapsed, rate);
  }

  private static long work(int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    long[] counts = new long[THREADS];
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      int id = i;
      Thread t = new Thread(() -> {
        long n = 0;
        while (System.nanoTime() < deadline) {
          for (int k = 0; k < 100; k++) {
            synchronized (MONITOR) {
              sink += spin(20);
            }
            sink += spin(40);
            LOCK.lock();
            try {
              sink += spin(20);
            } finally {
              LOCK.unlock();
            }
            sink += spin(40);
            n += 2;
          }
        }
        counts[id] = n;
      });
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    return Arrays.stream(counts).sum();
  }

  private static long spin(int n) {
    long x = sink;
    for (int i = 0; i < n; i++) {
      x = x * 6364136223846793005L + 1;
    }
    return x;
  }

  private static double median(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return v[v.length / 2];
  }
}
