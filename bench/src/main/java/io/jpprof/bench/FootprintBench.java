package io.jpprof.bench;

import com.sun.management.ThreadMXBean;
import io.jpprof.http.Pprof;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one scrape costs inside the scraped JVM: the bytes jpprof's own threads allocate and the CPU
 * they use per request of {@code allocs}, {@code heap}, {@code mutex}, {@code block}, {@code
 * goroutine} and {@code profile?seconds=14}, served beside {@link SoakBench.Target}'s steady
 * workload in this JVM. jpprof's threads are those named {@code jpprof-*} (the server's, the
 * collection pools', the JFR readers'); their allocated bytes ({@code ThreadMXBean}) and CPU time
 * are read before the request and after its last byte arrived, so work they did in the background
 * meanwhile counts too (the idle rate is printed first, to size that). Threads that start and end
 * within a request are missed. Each path is asked {@code n} times (default 20; the CPU profile
 * twice), one request at a time, a second apart; the table gives median and max.
 *
 * <pre>
 * mvn -q -ntp -pl bench -am package -DskipTests
 * java -cp 'bench/target/jpprof-bench.jar:bench/target/lib/*' io.jpprof.bench.FootprintBench 20
 * </pre>
 *
 * Arguments: requests per snapshot path (default 20), then optionally the paths to ask (default
 * all six).
 */
public final class FootprintBench {
  private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

  private FootprintBench() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    List<String> paths = args.length > 1 ? Arrays.asList(args).subList(1, args.length)
        : List.of("allocs", "heap", "mutex", "block", "goroutine", "profile?seconds=14");
    THREADS.setThreadAllocatedMemoryEnabled(true);
    THREADS.setThreadCpuTimeEnabled(true);
    SoakBench.Target.startWorkload();
    HttpClient http = HttpClient.newHttpClient();
    try (Pprof.Server server = Pprof.start(0)) {
      String base = server.url();
      for (String path : paths) { // warm-up: one of each (first-use class loading, JIT)
        get(http, base + path.replace("seconds=14", "seconds=2"));
      }
      Thread.sleep(5_000);
      Map<Long, Usage> idle0 = jpprofThreads();
      Thread.sleep(10_000);
      Map<String, long[]> idle = used(idle0, jpprofThreads());
      long[] idleTotal = total(idle);
      System.out.printf(Locale.ROOT, "JDK %s, load %.1f; jpprof's threads when not asked: %.0f KB/s, %.2f ms CPU/s (%s)%n",
          Runtime.version(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
          idleTotal[0] / 10.0 / 1024, idleTotal[1] / 10.0 / 1e6, perThread(idle));
      StringBuilder breakdown = new StringBuilder("mean per request, by thread:\n");
      System.out.println("| request | allocated by jpprof (median / max) | jpprof CPU (median / max) | response |");
      System.out.println("|---|---|---|---|");
      for (String path : paths) {
        int times = path.contains("seconds=") ? Math.min(n, 2) : n;
        long[] bytes = new long[times];
        long[] cpu = new long[times];
        int size = 0;
        Map<String, long[]> threads = new TreeMap<>();
        for (int i = 0; i < times; i++) {
          Thread.sleep(1_000);
          Map<Long, Usage> before = jpprofThreads();
          size = get(http, base + path);
          Map<String, long[]> used = used(before, jpprofThreads());
          long[] t = total(used);
          bytes[i] = t[0];
          cpu[i] = t[1];
          used.forEach((k, v) -> {
            long[] sum = threads.computeIfAbsent(k, x -> new long[2]);
            sum[0] += v[0];
            sum[1] += v[1];
          });
        }
        threads.values().forEach(v -> {
          v[0] /= times;
          v[1] /= times;
        });
        Arrays.sort(bytes);
        Arrays.sort(cpu);
        System.out.printf(Locale.ROOT, "| `%s` | %.2f MB / %.2f MB | %.1f ms / %.1f ms | %.1f KB |%n", path,
            bytes[times / 2] / 1048576.0, bytes[times - 1] / 1048576.0, cpu[times / 2] / 1e6, cpu[times - 1] / 1e6,
            size / 1024.0);
        breakdown.append(path).append(": ").append(perThread(threads)).append('\n');
      }
      System.out.print(breakdown);
    }
  }

  private static String perThread(Map<String, long[]> used) {
    StringBuilder s = new StringBuilder();
    used.forEach((name, u) -> {
      if (u[0] >= 1024 || u[1] >= 100_000) {
        s.append(String.format(Locale.ROOT, "%s%s %.0f KB %.1f ms", s.length() == 0 ? "" : ", ", name, u[0] / 1024.0,
            u[1] / 1e6));
      }
    });
    return s.toString();
  }

  private static int get(HttpClient http, String url) throws Exception {
    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(url + ": status " + r.statusCode());
    }
    return r.body().length;
  }

  /** Per live thread named {@code jpprof-*}: its name, bytes allocated and CPU nanoseconds so far. */
  private static Map<Long, Usage> jpprofThreads() {
    Map<Long, Usage> usage = new HashMap<>();
    for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (info != null && info.getThreadName().startsWith("jpprof-")) {
        long id = info.getThreadId();
        usage.put(id, new Usage(info.getThreadName(), THREADS.getThreadAllocatedBytes(id), THREADS.getThreadCpuTime(id)));
      }
    }
    return usage;
  }

  private record Usage(String name, long bytes, long cpu) {}

  /**
   * Bytes and CPU nanoseconds jpprof's threads used between two readings, by thread name with the
   * thread number cut ({@code jpprof-collect-7} counts as {@code jpprof-collect}); a thread that
   * started in between counts from zero, one that ended is missed.
   */
  private static Map<String, long[]> used(Map<Long, Usage> before, Map<Long, Usage> after) {
    Map<String, long[]> used = new TreeMap<>();
    after.forEach((id, a) -> {
      Usage b = before.getOrDefault(id, new Usage(a.name(), 0, 0));
      long[] sum = used.computeIfAbsent(a.name().replaceAll("-[0-9-]+$", ""), k -> new long[2]);
      sum[0] += Math.max(0, a.bytes() - b.bytes());
      sum[1] += Math.max(0, a.cpu() - b.cpu());
    });
    return used;
  }

  private static long[] total(Map<String, long[]> used) {
    long[] t = new long[2];
    used.values().forEach(u -> {
      t[0] += u[0];
      t[1] += u[1];
    });
    return t;
  }
}
