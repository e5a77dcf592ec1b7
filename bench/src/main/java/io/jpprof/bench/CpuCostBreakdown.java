package io.jpprof.bench;

import io.jpprof.internal.Collectors;
import io.jpprof.internal.cpu.CpuProfiler;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a CPU profile's cost goes: two busy threads, then a CPU profile at {@code hz}, and the CPU
 * each thread of the process used over a window read from {@code /proc/self/task/<tid>/schedstat}
 * (Linux; JVM-internal threads such as JFR's sampler and the JIT compilers included), next to the
 * same window without a profile. With {@code warm} earlier profiles of {@code warmSeconds} each
 * first (the JIT's one-time work), and the window starting {@code settle} seconds into the profile
 * (0: a fresh profile's start included).
 *
 * <pre>
 * java -cp 'bench/target/jpprof-bench.jar:bench/target/lib/*' io.jpprof.bench.CpuCostBreakdown hz [window-s] [settle-s] [warm] [warm-s]
 * </pre>
 *
 * Prints the busy threads' CPU with and without the profile and every other thread's CPU in the
 * profiled window, in ms.
 */
public final class CpuCostBreakdown {
  private static volatile long sink;

  private CpuCostBreakdown() {}

  public static void main(String[] args) throws Exception {
    int hz = Integer.parseInt(args[0]);
    long window = args.length > 1 ? Long.parseLong(args[1]) : 10;
    long settle = args.length > 2 ? Long.parseLong(args[2]) : 5;
    int warm = args.length > 3 ? Integer.parseInt(args[3]) : 0;
    long warmSeconds = args.length > 4 ? Long.parseLong(args[4]) : 3;
    for (int i = 0; i < 2; i++) {
      Thread w = new Thread(() -> {
        long x = 0;
        while (true) {
          x += System.nanoTime() % 7;
          sink = x;
        }
      }, "busy-" + i);
      w.setDaemon(true);
      w.start();
    }
    Thread.sleep(2000);
    for (int i = 0; i < warm; i++) {
      CpuProfiler.Session s = Collectors.process().cpu().start(hz);
      Thread.sleep(warmSeconds * 1000);
      s.stop();
    }
    Map<String, Long> t0 = threadCpu();
    Thread.sleep(window * 1000);
    Map<String, Long> plain = minus(threadCpu(), t0);

    CpuProfiler.Session s = Collectors.process().cpu().start(hz);
    Thread.sleep(settle * 1000);
    Map<String, Long> t1 = threadCpu();
    Thread.sleep(window * 1000);
    Map<String, Long> profiled = minus(threadCpu(), t1);
    s.stop();

    System.out.printf(Locale.ROOT, "JDK %s, %d Hz, %d s windows, profile %d s old, %d warm-up profiles%n",
        Runtime.version(), hz, window, settle, warm);
    System.out.printf(Locale.ROOT, "busy threads: %d ms without a profile, %d ms with (%.2f %% less)%n",
        busy(plain), busy(profiled), 100.0 * (busy(plain) - busy(profiled)) / busy(plain));
    profiled.entrySet().stream()
        .filter(e -> !e.getKey().startsWith("busy-") && e.getValue() >= 2)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(e -> System.out.printf(Locale.ROOT, "  %-24s %6d ms%n", e.getKey(), e.getValue()));
  }

  private static long busy(Map<String, Long> cpu) {
    return cpu.entrySet().stream().filter(e -> e.getKey().startsWith("busy-")).mapToLong(Map.Entry::getValue).sum();
  }

  /** CPU ms per thread name (threads of the same name summed; tid kept apart for busy threads). */
  private static Map<String, Long> threadCpu() throws IOException {
    Map<String, Long> out = new TreeMap<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
      for (Path t : tasks) {
        try {
          String name = Files.readString(t.resolve("comm")).trim();
          long nanos = Long.parseLong(Files.readString(t.resolve("schedstat")).trim().split(" ")[0]);
          out.merge(name, nanos / 1_000_000, Long::sum);
        } catch (IOException | RuntimeException e) {
          // the thread ended meanwhile
        }
      }
    }
    return out;
  }

  private static Map<String, Long> minus(Map<String, Long> now, Map<String, Long> before) {
    Map<String, Long> out = new TreeMap<>();
    now.forEach((k, v) -> out.put(k, v - before.getOrDefault(k, 0L)));
    return out;
  }
}
