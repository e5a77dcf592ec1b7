package io.jpprof.bench;

import io.jpprof.internal.Collectors;
import io.jpprof.internal.cpu.CpuProfiler;
import io.jpprof.internal.profile.ProfileData;
import io.jpprof.internal.profile.Sample;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What raising JFR's stack depth costs: a workload whose stacks are {@value #DEPTH} frames deep
 * (deeper than JFR's default of 64, like a Spring request) runs on 2 threads, with jpprof's
 * collectors on (allocation sampling walks stacks too), in one fresh JVM per {@code
 * -XX:FlightRecorderOptions:stackdepth=N} (64, JFR's default, then 256 and 1024). In each JVM,
 * windows without and with a CPU profile alternate; the figures are medians
 * of per-round ratios (profiled ÷ plain), so the comparison of depths never compares two JVMs'
 * compiled code: the process's CPU time per call and calls per second. Both move by tens of
 * percent on a shared machine; the direct cost does not: the CPU time per CPU sample of JFR's
 * {@code JFR Thread Sampler} (it suspends each sampled thread and walks its stack) and of jpprof's
 * {@code jpprof-cpu-profile} (it reads the samples, stacks included), from Linux's {@code
 * /proc/self/task/<tid>/schedstat} (nanoseconds on CPU); both threads work only while a CPU
 * profile runs. The profile runs at Go's 100 Hz here, to have samples to count. Each
 * JVM also reports the share of CPU samples whose stack JFR cut.
 *
 * <pre>
 * mvn -q -ntp -pl bench -am package -DskipTests
 * java -cp 'bench/target/jpprof-bench.jar:bench/target/lib/*' io.jpprof.bench.StackDepthBench 5 4
 * </pre>
 *
 * Arguments: rounds (default 5), seconds per window (default 4).
 */
public final class StackDepthBench {
  static final int DEPTH = 300;
  private static final int THREADS = 2;
  private static final int[] STACK_DEPTHS = {64, 256, 1024};
  private static volatile Object sink;

  private StackDepthBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("child")) {
      child(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
      return;
    }
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    System.out.printf(Locale.ROOT, "JDK %s, %d threads at stack depth %d, %d rounds of %d s per JVM%n",
        Runtime.version(), THREADS, DEPTH, rounds, seconds);
    for (int depth : STACK_DEPTHS) {
      Path java = Path.of(System.getProperty("java.home"), "bin", "java");
      Process p = new ProcessBuilder(java.toString(), "-XX:FlightRecorderOptions:stackdepth=" + depth,
          "-cp", System.getProperty("java.class.path"), StackDepthBench.class.getName(), "child",
          Integer.toString(rounds), Integer.toString(seconds))
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      p.waitFor();
      String result = out.lines().filter(l -> l.startsWith("RESULT ")).findFirst()
          .orElseThrow(() -> new IllegalStateException("child failed:\n" + out));
      System.out.printf(Locale.ROOT, "stackdepth=%-5d %s%n", depth, result.substring("RESULT ".length()));
    }
  }

  private static void child(int rounds, int seconds) throws Exception {
    Collectors.process().acquire(); // as under a server: the always-on collectors run
    Collectors.process().stream().awaitRunning(Duration.ofSeconds(20));
    Duration window = Duration.ofSeconds(seconds);
    work(Duration.ofSeconds(3)); // JIT
    profiled(Duration.ofSeconds(2)); // the CPU stream's start-up
    double[] ratios = new double[rounds];
    double[] cpuRatios = new double[rounds];
    double[] plain = new double[rounds];
    long[] threadsCpu = new long[2];
    long cut = 0;
    long all = 0;
    for (int r = 0; r < rounds; r++) {
      long cpu0 = processCpu();
      plain[r] = work(window);
      double plainCpuPerCall = (processCpu() - cpu0) / (plain[r] * window.toNanos() / 1e9);
      long[] threads1 = threadsCpu();
      cpu0 = processCpu();
      Result profiled = profiled(window);
      double profiledCpuPerCall = (processCpu() - cpu0) / (profiled.rate * window.toNanos() / 1e9);
      long[] threads2 = threadsCpu();
      for (int k = 0; k < 2; k++) {
        threadsCpu[k] += threads2[k] - threads1[k];
      }
      ratios[r] = profiled.rate / plain[r];
      cpuRatios[r] = profiledCpuPerCall / plainCpuPerCall;
      cut += profiled.cut;
      all += profiled.samples;
    }
    Arrays.sort(ratios);
    Arrays.sort(cpuRatios);
    Arrays.sort(plain);
    System.out.printf(Locale.ROOT, "RESULT per sample: JFR's sampler %.1f us, jpprof's reader %.1f us; CPU per call profiled/plain %.3f (rounds %.3f-%.3f); calls/s profiled/plain %.3f"
        + " (rounds %.3f-%.3f); plain %.0f calls/s; cut stacks %.0f %% of %d samples%n",
        threadsCpu[0] / 1e3 / Math.max(1, all), threadsCpu[1] / 1e3 / Math.max(1, all), cpuRatios[rounds / 2], cpuRatios[0], cpuRatios[rounds - 1], ratios[rounds / 2], ratios[0], ratios[rounds - 1],
        plain[rounds / 2], 100.0 * cut / Math.max(1, all), all);
    System.out.flush();
    // without shutdown hooks: a GC notification restarting the old-object recording while the JVM
    // exits was seen to block JFR's recorder lock, and the always-on stream's exit hook with it
    Runtime.getRuntime().halt(0);
  }

  /** CPU nanoseconds of JFR's sampler and jpprof's CPU stream reader, from Linux's schedstat; zeros elsewhere. */
  private static long[] threadsCpu() {
    long[] sums = new long[2];
    try (java.nio.file.DirectoryStream<Path> tasks = java.nio.file.Files.newDirectoryStream(Path.of("/proc/self/task"))) {
      for (Path task : tasks) {
        try {
          String name = java.nio.file.Files.readString(task.resolve("comm")).trim();
          int k = name.startsWith("JFR Thread Samp") ? 0 : name.startsWith("jpprof-cpu-pro") ? 1 : -1;
          if (k >= 0) {
            sums[k] += Long.parseLong(java.nio.file.Files.readString(task.resolve("schedstat")).split(" ")[0]);
          }
        } catch (java.io.IOException | NumberFormatException gone) {
          // the thread ended while being read
        }
      }
    } catch (java.io.IOException e) {
      return sums;
    }
    return sums;
  }

  private static long processCpu() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private record Result(double rate, long cut, long samples) {}

  private static Result profiled(Duration window) throws Exception {
    CpuProfiler.Session session = Collectors.process().cpu().start(CpuProfiler.GO_HZ);
    double rate;
    ProfileData profile;
    try {
      rate = work(window);
    } finally {
      profile = session.stop();
    }
    long cut = 0;
    long all = 0;
    for (Sample s : profile.samples()) {
      all += s.value(0);
      cut += s.stack().isTruncated() ? s.value(0) : 0;
    }
    return new Result(rate, cut, all);
  }

  /** Leaf calls per second over {@code window}, on {@link #THREADS} threads. */
  private static double work(Duration window) throws InterruptedException {
    long deadline = System.nanoTime() + window.toNanos();
    AtomicLong calls = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      Thread t = new Thread(() -> {
        long n = 0;
        while (System.nanoTime() < deadline) {
          n += descend(DEPTH);
        }
        calls.addAndGet(n);
      }, "deep-" + i);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    return calls.get() / (window.toNanos() / 1e9);
  }

  private static long descend(int depth) {
    return depth > 0 ? descend(depth - 1) : leaf();
  }

  /** Some arithmetic and a small allocation, 256 times: the work at the bottom of a deep stack. */
  private static long leaf() {
    long x = System.nanoTime();
    for (int i = 0; i < 256; i++) {
      for (int k = 0; k < 64; k++) {
        x = x * 6364136223846793005L + 1442695040888963407L;
      }
      if ((x & 7) == 0) {
        sink = new byte[64];
      }
    }
    return x == 42 ? 0 : 256;
  }
}
