package io.jpprof.bench;

import com.sun.management.ThreadMXBean;
import io.jpprof.fixtures.CpuWork;
import io.jpprof.internal.Collectors;
import io.jpprof.internal.contention.ContentionProfile;
import io.jpprof.internal.cpu.CpuHistory;
import io.jpprof.internal.history.History;
import io.jpprof.internal.profile.ProfileData;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What keeping history ({@code jpprof.history}) costs: throughput of a CPU-bound workload (2
 * threads on 2 cores, {@link CpuWork#split}) with history off and on, in paired rounds in one JVM
 * (each "on" round against the "off" round beside it, in off-on and on-off order by turns), with all always-on collectors running
 * as under a server; the CPU of JFR's threads and {@code jpprof-history} in both (what history
 * costs, read from {@code /proc}, so a loaded machine does not hide it); then the disk the recording holds, and the time and allocation of reading
 * "the last 60 s" (CPU) and "the last 60 s" of mutex from it.
 *
 * <pre>
 * mvn -q -ntp -pl bench -am package -DskipTests
 * java -cp 'bench/target/jpprof-bench.jar:bench/target/lib/*' io.jpprof.bench.HistoryBench 8 6
 * </pre>
 *
 * Arguments: rounds (default 8), seconds per measurement (default 6); {@code -Dcollectors=block,mutex}
 * runs fewer always-on collectors (default all).
 */
public final class HistoryBench {
  private static final int THREADS = 2;

  private HistoryBench() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 8;
    Duration window = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 6);
    Collectors.process().configure(Set.of(System.getProperty("collectors", "heap,block,mutex,threadcreate").split(",")));
    Collectors.process().configureHistory(Duration.ofMinutes(10));
    Collectors.process().acquire(); // all always-on collectors, and history, as under a server
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!Collectors.process().history().running() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    if (!Collectors.process().history().running()) {
      throw new IllegalStateException("history did not start");
    }
    Collectors.process().history().stop();
    CpuWork.split(THREADS, Duration.ofSeconds(3)); // JIT warm-up, not measured
    List<Double> off = new ArrayList<>();
    List<Double> on = new ArrayList<>();
    List<Double> offJfr = new ArrayList<>();
    List<Double> onJfr = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      // off-on, then on-off: the machine's drift within a pair cancels over two rounds
      boolean offFirst = round % 2 == 0;
      if (!offFirst) {
        Collectors.process().history().start();
      }
      for (int half = 0; half < 2; half++) {
        boolean historyOn = offFirst == (half == 1);
        if (historyOn && offFirst) {
          Collectors.process().history().start();
        }
        if (!historyOn && !offFirst) {
          Collectors.process().history().stop();
        }
        long c0 = recorderCpuNanos();
        double cycles = cyclesPerSecond(window);
        double jfr = (recorderCpuNanos() - c0) / 1e6 / window.toSeconds();
        (historyOn ? on : off).add(cycles);
        (historyOn ? onJfr : offJfr).add(jfr);
      }
      if (offFirst) {
        Collectors.process().history().stop();
      }
    }
    Collectors.process().history().start(); // for the disk and read measurements below
    double[] paired = new double[rounds];
    for (int i = 0; i < rounds; i++) {
      paired[i] = on.get(i) / off.get(i);
    }
    double[] sorted = paired.clone();
    Arrays.sort(sorted);
    System.out.printf(Locale.ROOT, "JDK %s, %d threads, %d rounds of %d s, CPU history at %d Hz%n",
        Runtime.version(), THREADS, rounds, window.toSeconds(), CpuHistory.HZ);
    System.out.printf(Locale.ROOT, "history off  median %10.1f cycles/s%n", median(off));
    System.out.printf(Locale.ROOT, "history on   median %10.1f cycles/s%n", median(on));
    System.out.printf(Locale.ROOT, "paired on/off: median %.4fx, rounds %s%n", sorted[rounds / 2], fmt(paired));
    System.out.printf(Locale.ROOT, "CPU of JFR's threads and jpprof-history (/proc schedstat): off %.2f ms/s, on %.2f ms/s"
        + " (medians): history adds %.2f ms per second = %.3f %% of the workload's %d cores%n", median(offJfr),
        median(onJfr), median(onJfr) - median(offJfr), (median(onJfr) - median(offJfr)) / 10.0 / THREADS, THREADS);

    // disk: a further minute with history on, of the same workload plus a busier application's
    // events (allocations in many stacks, lock contention), then what the recording holds
    long before = Collectors.process().history().keptBytes();
    long t1 = System.nanoTime();
    stop = false;
    List<Thread> busier = List.of(new Thread(HistoryBench::allocate, "allocate"),
        new Thread(HistoryBench::contend, "contend-a"), new Thread(HistoryBench::contend, "contend-b"));
    busier.forEach(Thread::start);
    CpuWork.split(THREADS, Duration.ofSeconds(60));
    stop = true;
    for (Thread t : busier) {
      t.join();
    }
    double minutes = (System.nanoTime() - t1) / 60e9;
    long after = Collectors.process().history().keptBytes();
    System.out.printf(Locale.ROOT, "disk: %.2f MB held after %.1f min with history on; %.2f MB/min over the busier minute"
        + " (%d allocations, %d contended 15 ms monitor holds); bound %d MB%n", after / 1048576.0, minutes + window.toSeconds() / 60.0,
        (after - before) / 1048576.0 / minutes, allocations, waits, History.MAX_SIZE_MB);

    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    for (int i = 0; i < 3; i++) {
      long a0 = threads.getCurrentThreadAllocatedBytes();
      long r0 = System.nanoTime();
      ProfileData cpu = Collectors.process().cpuHistory().profile(Duration.ofSeconds(60));
      long r1 = System.nanoTime();
      long a1 = threads.getCurrentThreadAllocatedBytes();
      ProfileData mutex = ContentionProfile.mutex(Collectors.process().contention(), Collectors.process().history()).history(Duration.ofSeconds(60));
      long r2 = System.nanoTime();
      long a2 = threads.getCurrentThreadAllocatedBytes();
      System.out.printf(Locale.ROOT, "read the last 60 s: CPU %d ms, %.1f MB allocated, %d samples; mutex %d ms, %.1f MB allocated%n",
          (r1 - r0) / 1_000_000, (a1 - a0) / 1048576.0, cpu.samples().size(), (r2 - r1) / 1_000_000,
          (a2 - a1) / 1048576.0);
    }
    System.exit(0);
  }

  /**
   * CPU time of the threads that keep history: JFR's own (sampler, recorder, periodic tasks) and
   * {@code jpprof-history}, from {@code /proc/self/task/<tid>/schedstat} (Linux; 0 elsewhere).
   */
  private static long recorderCpuNanos() {
    long sum = 0;
    try (var tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          String comm = Files.readString(task.resolve("comm")).trim();
          if (comm.startsWith("JFR") || comm.startsWith("jpprof-history")) {
            sum += Long.parseLong(Files.readString(task.resolve("schedstat")).trim().split("\\s+")[0]);
          }
        } catch (IOException | RuntimeException ended) {
          // the thread ended meanwhile
        }
      }
    } catch (IOException e) {
      return 0;
    }
    return sum;
  }

  private static volatile boolean stop;
  private static volatile long allocations;
  private static volatile long waits;
  private static volatile Object sink;
  private static final Object LOCK = new Object();

  /** Allocates arrays of varied sizes from 64 call paths, as fast as it can. */
  private static void allocate() {
    java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
    long n = 0;
    while (!stop) {
      sink = allocateAt(r.nextInt(64), 16 + r.nextInt(4096));
      n++;
    }
    allocations = n;
  }

  private static Object allocateAt(int depth, int size) {
    return depth == 0 ? new byte[size] : allocateAt(depth - 1, size);
  }

  /** Holds one monitor 15 ms at a time, so the other thread waits above the 10 ms threshold. */
  private static void contend() {
    long n = 0;
    while (!stop) {
      synchronized (LOCK) {
        long end = System.nanoTime() + 15_000_000;
        while (System.nanoTime() < end) {
          Thread.onSpinWait();
        }
      }
      n++;
    }
    synchronized (LOCK) {
      waits += n;
    }
  }

  private static double cyclesPerSecond(Duration window) throws InterruptedException {
    return CpuWork.split(THREADS, window).cycles() / (window.toNanos() / 1e9);
  }

  private static double median(List<Double> v) {
    double[] a = v.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(a);
    return a[a.length / 2];
  }

  private static String fmt(double[] v) {
    StringBuilder b = new StringBuilder();
    for (double d : v) {
      b.append(b.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.3f", d));
    }
    return b.toString();
  }
}
