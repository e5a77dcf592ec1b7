package io.jpprof.bench;

import io.jpprof.fixtures.CpuWork;
import io.jpprof.internal.Collectors;
import io.jpprof.internal.cpu.CpuProfiler;
import io.jpprof.internal.profile.Frame;
import io.jpprof.internal.profile.ProfileData;
import io.jpprof.internal.profile.Sample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import one.profiler.AsyncProfiler;

/**
 * Throughput of a CPU-bound workload (2 threads on 2 cores, 70 % of its CPU in {@code hot} and 30 %
 * in {@code cold}) with no profiler, under a continuous jpprof CPU profile at the default rate
 * ({@code -Dhz=N} for another), and under
 * async-profiler at 100 Hz, measured side by side in one JVM: rounds of the three configurations
 * interleaved, median per configuration. Also each profiler's attribution error against the
 * measured split. All in one JVM (the workload's compiled code differs between JVMs by up to 2×),
 * each configuration warmed up first. jpprof's collectors run throughout (none of the always-on
 * profiles enabled), as under a server, so the CPU stream stays open between profiles. async-profiler is measured last, interleaved with more
 * no-profiler rounds: once it has run, JFR's CPU-time sampler (JDK 25) gets no more samples in
 * that JVM.
 *
 * <pre>
 * mvn -q -ntp -pl bench -am package -DskipTests
 * java -cp 'bench/target/jpprof-bench.jar:bench/target/lib/*' io.jpprof.bench.CpuOverheadBench 5 6
 * </pre>
 *
 * Arguments: rounds (default 5), seconds per measurement (default 6).
 */
public final class CpuOverheadBench {
  private static final int THREADS = 2;
  /** jpprof's rate: {@code -Dhz=N}, else the default of {@code /debug/pprof/profile}. */
  private static final int HZ = Integer.getInteger("hz", CpuProfiler.defaultHz());
  private static final String JPPROF = "jpprof CPU profile, " + HZ + " Hz";

  private CpuOverheadBench() {}


  public static void main(String[] args) throws Exception {
    // as under a server: jpprof's collectors run (here none of the always-on ones, so that only the
    // CPU profile's cost is measured), and the CPU stream stays open between profiles
    Collectors.process().configure(Set.of());
    Collectors.process().acquire();
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    Duration window = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 6);
    Map<String, Runner> configs = new LinkedHashMap<>();
    configs.put("no profiler", CpuOverheadBench::plain);
    configs.put(JPPROF, CpuOverheadBench::jpprof);
    configs.put("async-profiler, 10 ms", w -> async(w, asyncEvent())); // probed only when first used
    Duration warmUp = Duration.ofSeconds(3);
    Map<String, List<double[]>> results = new LinkedHashMap<>();
    // no profiler and jpprof interleaved; then async-profiler interleaved with no profiler again
    // (once async-profiler has run, JFR's CPU-time sampler gets no more signals in this JVM)
    List<List<String>> phases = List.of(
        List.of("no profiler", JPPROF),
        List.of("no profiler", "async-profiler, 10 ms"));
    for (List<String> phase : phases) {
      for (String name : phase) {
        configs.get(name).run(warmUp); // JIT and the profiler's one-time start-up, not measured
      }
      for (int round = 0; round < rounds; round++) {
        for (String name : phase) {
          results.computeIfAbsent(name, k -> new ArrayList<>()).add(configs.get(name).run(window));
        }
      }
    }
    System.out.printf(Locale.ROOT, "JDK %s, %d threads, %d rounds of %d s, engine %s%n", Runtime.version(), THREADS,
        rounds, window.toSeconds(), System.getProperty("jpprof.cpuTimeSample", "(best)"));
    double base = median(results.get("no profiler"), 0);
    List<double[]> none = results.get("no profiler");
    for (Map.Entry<String, List<double[]>> e : results.entrySet()) {
      double ops = median(e.getValue(), 0);
      double error = median(e.getValue(), 3);
      // each profiled round against the no-profiler round just before it (the machine drifts)
      int offset = e.getKey().startsWith("async") ? rounds : 0;
      double[] paired = new double[e.getValue().size()];
      for (int i = 0; i < paired.length; i++) {
        paired[i] = e.getValue().get(i)[0] / none.get(Math.min(none.size() - 1, offset + i))[0];
      }
      Arrays.sort(paired);
      System.out.printf(Locale.ROOT, "%-40s %10.1f cycles/s  %.4fx  paired %.4fx  attribution error %s%n", e.getKey(),
          ops, ops / base, paired[paired.length / 2],
          Double.isNaN(error) ? "-" : String.format(Locale.ROOT, "%.2f points", error));
    }
  }

  /** Runs the workload under one configuration: {cycles/s, profiler's hot share or NaN, truth, error}. */
  private interface Runner {
    double[] run(Duration window) throws Exception;
  }

  private static double[] plain(Duration window) throws Exception {
    CpuWork.Split truth = CpuWork.split(THREADS, window);
    return result(truth, window, Double.NaN);
  }

  private static double[] jpprof(Duration window) throws Exception {
    CpuProfiler.Session session = Collectors.process().cpu().start(HZ);
    CpuWork.Split truth;
    ProfileData profile;
    try {
      truth = CpuWork.split(THREADS, window);
    } finally {
      profile = session.stop();
    }
    long hot = 0;
    long cold = 0;
    for (Sample s : profile.samples()) {
      List<String> names = s.stack().frames().stream().map(Frame::functionName).toList();
      if (names.contains(CpuWork.HOT)) {
        hot += s.value(1);
      } else if (names.contains(CpuWork.COLD)) {
        cold += s.value(1);
      }
    }
    return result(truth, window, (double) hot / (hot + cold));
  }

  private static double[] async(Duration window, String event) throws Exception {
    AsyncProfiler profiler = AsyncProfiler.getInstance();
    profiler.execute("start,event=" + event + ",interval=10ms");
    CpuWork.Split truth;
    String collapsed;
    try {
      truth = CpuWork.split(THREADS, window);
    } finally {
      profiler.execute("stop");
      collapsed = profiler.execute("collapsed");
    }
    long hot = 0;
    long cold = 0;
    for (String line : collapsed.split("\n")) {
      int space = line.lastIndexOf(' ');
      if (space < 0) {
        continue;
      }
      long count = Long.parseLong(line.substring(space + 1).trim());
      String stack = line.substring(0, space).replace('/', '.');
      if (stack.contains("CpuWork.hot")) {
        hot += count;
      } else if (stack.contains("CpuWork.cold")) {
        cold += count;
      }
    }
    return result(truth, window, (double) hot / (hot + cold));
  }

  private static String asyncEvent;

  /** perf-event CPU sampling where the kernel allows it, else per-thread CPU timers. */
  private static String asyncEvent() {
    if (asyncEvent != null) {
      return asyncEvent;
    }
    asyncEvent = probeAsyncEvent();
    System.out.println("async-profiler event: " + asyncEvent);
    return asyncEvent;
  }

  private static String probeAsyncEvent() {
    try {
      AsyncProfiler profiler = AsyncProfiler.getInstance();
      profiler.execute("start,event=cpu,interval=10ms");
      profiler.execute("stop");
      return "cpu";
    } catch (Exception e) {
      return "ctimer";
    }
  }

  private static double[] result(CpuWork.Split truth, Duration window, double measuredShare) {
    double error = Double.isNaN(measuredShare) ? Double.NaN : Math.abs(measuredShare - truth.hotShare()) * 100;
    return new double[] {truth.cycles() / (window.toNanos() / 1e9), measuredShare, truth.hotShare(), error};
  }

  private static double median(List<double[]> rows, int column) {
    double[] v = rows.stream().mapToDouble(r -> r[column]).toArray();
    Arrays.sort(v);
    return v[v.length / 2];
  }
}
