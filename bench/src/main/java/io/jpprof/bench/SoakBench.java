package io.jpprof.bench;

import io.jpprof.http.Pprof;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * An hour (or {@code minutes}) of scraping at Grafana Alloy's cadence: a JVM serving jpprof beside
 * a steady workload (its {@link Target}, started as a child process), scraped every {@code
 * interval} seconds (15) at the paths Alloy's {@code pyroscope.scrape} asks for with its default
 * and godeltaprof targets — {@code allocs}, {@code block}, {@code mutex}, {@code goroutine}, {@code
 * profile?seconds=14}, {@code delta_heap}, {@code delta_mutex}, {@code delta_block} — plus {@code
 * /debug/fgprof?seconds=14} (a {@code profile.custom "wall"} block), all nine at the start of each
 * scrape, as Alloy's loops do.
 *
 * <p>Throughput in paired rounds: scraped windows alternate with unscraped ones of the same length
 * (ABBA order, so drift cancels), and each pair gives the ratio of the workload's operations per
 * second, scraped ÷ unscraped, and of its operations per second of the process's CPU time (which
 * other load on the machine disturbs less: it counts jpprof's added CPU, not the share of cores
 * the scheduler gave the workload). jpprof's collectors run in both (it is loaded throughout, as in
 * production); the ratio is what being scraped costs. After each pair, outside the windows: the
 * child's heap after {@code System.gc()}, its resident set, threads, open file descriptors and the
 * size of its JFR repository. Every response is checked: 200, {@code application/octet-stream},
 * a gzip body.
 *
 * <p>Prints one line per pair and a summary (median ratio; first vs last and range of each
 * resource over the last three quarters of the run, after warm-up); also writes them to {@code
 * out} (default {@code target/soak-<jdk>.txt}).
 *
 * <pre>
 * mvn -q -ntp -pl bench -am package -DskipTests
 * java -cp 'bench/target/jpprof-bench.jar:bench/target/lib/*' io.jpprof.bench.SoakBench 60 15 target/soak-17.txt
 * </pre>
 *
 * Arguments: minutes (default 60), scrape interval in seconds (15), output file.
 */
public final class SoakBench {
  /** Alloy's default targets plus its godeltaprof ones, then fgprof's path for wall-clock time. */
  static final List<String> SNAPSHOT_PATHS = List.of("/debug/pprof/allocs", "/debug/pprof/block",
      "/debug/pprof/mutex", "/debug/pprof/goroutine", "/debug/pprof/delta_heap", "/debug/pprof/delta_mutex",
      "/debug/pprof/delta_block");

  private SoakBench() {}

  public static void main(String[] args) throws Exception {
    double minutes = args.length > 0 ? Double.parseDouble(args[0]) : 60;
    int interval = args.length > 1 ? Integer.parseInt(args[1]) : 15;
    Path out = Path.of(args.length > 2 ? args[2] : "target/soak-" + Runtime.version().feature() + ".txt");
    Files.createDirectories(out.toAbsolutePath().getParent());
    Path jfrRepository = Files.createTempDirectory(out.toAbsolutePath().getParent(), "soak-jfr-");
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:FlightRecorderOptions:repository=" + jfrRepository, "-cp",
        System.getProperty("java.class.path"), Target.class.getName()));
    Process child = new ProcessBuilder(cmd)
        .redirectError(out.resolveSibling(out.getFileName() + ".stderr").toFile())
        .start();
    try (PrintWriter report = new PrintWriter(Files.newBufferedWriter(out), true);
        BufferedReader fromChild = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter toChild = new PrintWriter(child.getOutputStream(), true, StandardCharsets.UTF_8)) {
      String first = fromChild.readLine();
      if (first == null || !first.startsWith("port ")) {
        throw new IllegalStateException("target did not start: " + first);
      }
      String base = "http://127.0.0.1:" + first.substring(5);
      Ask ask = line -> {
        toChild.println(line);
        return Long.parseLong(fromChild.readLine());
      };
      Soak soak = new Soak(base, child.pid(), jfrRepository, ask, interval, report);
      soak.run(Duration.ofMillis((long) (minutes * 60_000)));
    } finally {
      child.destroy();
      child.waitFor();
      deleteTree(jfrRepository);
    }
  }

  /** One question to the target, one number back. */
  private interface Ask {
    long ask(String line) throws IOException;
  }

  /** The scraper and its records. */
  private static final class Soak {
    private final String base;
    private final long pid;
    private final Path jfrRepository;
    private final Ask target;
    private final Duration window;
    private final int interval;
    private final PrintWriter report;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<double[]> rows = new ArrayList<>(); // minute, ratio, rss, heap, threads, fds, jfr
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();

    Soak(String base, long pid, Path jfrRepository, Ask target, int interval, PrintWriter report) {
      this.base = base;
      this.pid = pid;
      this.jfrRepository = jfrRepository;
      this.target = target;
      this.interval = interval;
      this.window = Duration.ofSeconds(interval);
      this.report = report;
    }

    void run(Duration length) throws Exception {
      print(String.format(Locale.ROOT, "JDK %s, %s of scraping every %d s (9 paths), paired with unscraped windows; start %s; load %s",
          Runtime.version(), length, interval, Instant.now(), loadAverage()));
      print("minute  scraped/unscraped  rss_MB  heap_after_gc_MB  threads  fds  jfr_repo_MB  load1  per_cpu_s_ratio");
      long start = System.nanoTime();
      // warm-up: one scraped and one unscraped window, not counted
      window(true);
      window(false);
      for (int pair = 0; System.nanoTime() - start < length.toNanos(); pair++) {
        boolean scrapedFirst = pair % 2 == 0;
        double[] a = window(scrapedFirst);
        double[] b = window(!scrapedFirst);
        double[] scraped = scrapedFirst ? a : b;
        double[] unscraped = scrapedFirst ? b : a;
        double heap = target.ask("gc") / 1048576.0;
        double[] row = {(System.nanoTime() - start) / 60e9, scraped[0] / unscraped[0], rssMb(), heap,
            status("Threads:"), fds(), jfrMb(), loadAverage(), scraped[1] / unscraped[1]};
        rows.add(row);
        print(String.format(Locale.ROOT, "%6.1f  %17.4f  %6.1f  %16.1f  %7.0f  %3.0f  %11.1f  %5.2f  %17.4f", row[0],
            row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8]));
      }
      summary();
    }

    /**
     * One window, with or without a scrape at its start: the workload's operations per second, and
     * per second of the whole process's CPU time.
     */
    private double[] window(boolean scraped) throws Exception {
      long t0 = System.nanoTime();
      long ops0 = target.ask("ops");
      long cpu0 = target.ask("cpu");
      List<CompletableFuture<Void>> inFlight = new ArrayList<>();
      if (scraped) {
        int seconds = interval - 1;
        for (String path : SNAPSHOT_PATHS) {
          inFlight.add(get(path));
        }
        inFlight.add(get("/debug/pprof/profile?seconds=" + seconds));
        inFlight.add(get("/debug/fgprof?seconds=" + seconds));
      }
      long end = t0 + window.toNanos();
      while (System.nanoTime() < end) {
        Thread.sleep(Math.max(1, (end - System.nanoTime()) / 1_000_000));
      }
      CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join(); // the window ends with its scrape
      long ops1 = target.ask("ops");
      long cpu1 = target.ask("cpu");
      return new double[] {(ops1 - ops0) / ((System.nanoTime() - t0) / 1e9), (ops1 - ops0) / ((cpu1 - cpu0) / 1e9)};
    }

    private CompletableFuture<Void> get(String path) {
      requests.incrementAndGet();
      HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(interval + 10)).build();
      return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).handle((r, e) -> {
        String problem = e != null ? e.toString()
            : r.statusCode() != 200 ? "status " + r.statusCode()
            : !r.headers().firstValue("Content-Type").orElse("").equals("application/octet-stream")
                ? "Content-Type " + r.headers().firstValue("Content-Type").orElse("(none)")
            : r.body().length < 2 || (r.body()[0] & 0xff) != 0x1f || (r.body()[1] & 0xff) != 0x8b ? "not gzip"
            : null;
        if (problem != null) {
          failures.incrementAndGet();
          print("FAILED " + path + ": " + problem);
        }
        return null;
      });
    }

    private void summary() {
      double[] ratios = rows.stream().mapToDouble(r -> r[1]).sorted().toArray();
      double mean = Arrays.stream(ratios).average().orElse(Double.NaN);
      double[] perCpu = rows.stream().mapToDouble(r -> r[8]).sorted().toArray();
      print(String.format(Locale.ROOT, "pairs %d, requests %d, failed %d; throughput scraped/unscraped: median %.4f, mean %.4f, "
          + "quartiles %.4f..%.4f; operations per CPU second of the process, scraped/unscraped: median %.4f, "
          + "quartiles %.4f..%.4f", ratios.length, requests.get(), failures.get(), quantile(ratios, 0.5), mean,
          quantile(ratios, 0.25), quantile(ratios, 0.75), quantile(perCpu, 0.5), quantile(perCpu, 0.25),
          quantile(perCpu, 0.75)));
      double last = rows.isEmpty() ? 0 : rows.get(rows.size() - 1)[0];
      List<double[]> settled = rows.stream().filter(r -> r[0] >= last / 4).toList();
      if (settled.isEmpty()) {
        return;
      }
      String[] names = {"", "", "RSS MB", "heap after GC MB", "threads", "fds", "JFR repository MB", "load1"}; // not the ratio
      StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "from minute %.1f to %.1f (first -> last, [min..max]):",
          settled.get(0)[0], last));
      for (int i = 2; i < names.length; i++) {
        int c = i;
        // a reading that failed (NaN: a JFR chunk removed while it was being measured) is left out
        double min = settled.stream().mapToDouble(r -> r[c]).filter(v -> !Double.isNaN(v)).min().orElse(Double.NaN);
        double max = settled.stream().mapToDouble(r -> r[c]).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
        s.append(String.format(Locale.ROOT, " %s %.1f -> %.1f [%.1f..%.1f];", names[i], settled.get(0)[c],
            settled.get(settled.size() - 1)[c], min, max));
      }
      print(s.toString());
    }

    private static double quantile(double[] sorted, double q) {
      if (sorted.length == 0) {
        return Double.NaN;
      }
      return sorted[(int) Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))];
    }

    private synchronized void print(String line) {
      System.out.println(line);
      report.println(line);
    }

    private double rssMb() throws IOException {
      return status("VmRSS:") / 1024.0;
    }

    /** A number from {@code /proc/<pid>/status} (kB for sizes). */
    private double status(String key) throws IOException {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith(key)) {
          return Double.parseDouble(line.substring(key.length()).trim().split("\\s+")[0]);
        }
      }
      return Double.NaN;
    }

    private double fds() throws IOException {
      try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
        return fds.count();
      }
    }

    private double jfrMb() throws IOException {
      try (Stream<Path> files = Files.walk(jfrRepository)) {
        return files.filter(Files::isRegularFile).mapToLong(f -> {
          try {
            return Files.size(f);
          } catch (IOException e) {
            return 0; // a chunk removed while walking
          }
        }).sum() / 1048576.0;
      } catch (UncheckedIOException e) {
        return Double.NaN;
      }
    }

    private static double loadAverage() {
      return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /**
   * The scraped JVM: jpprof's server on a free loopback port and a steady workload — one thread of
   * CPU and allocation over a bounded cache (about 16 MB live, replaced in turn), two threads queuing
   * on a monitor held 10 ms at a time (contention for the mutex and block profiles). Its size does
   * not grow, so what grows is jpprof's. Answers {@code ops} (operations so far) and {@code gc} (heap
   * in use after {@code System.gc()}) on stdin, one number a line.
   */
  public static final class Target {
    private static final LongAdder OPS = new LongAdder();
    private static final Object LOCK = new Object();

    private Target() {}

    public static void main(String[] args) throws Exception {
      try (Pprof.Server server = Pprof.start(0)) {
        startWorkload();
        System.out.println("port " + server.port());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
          if (line.equals("ops")) {
            System.out.println(OPS.sum());
          } else if (line.equals("cpu")) {
            System.out.println(((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime());
          } else if (line.equals("gc")) {
            System.gc();
            System.out.println(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
          }
        }
      }
    }

    /** Starts the workload's threads (daemons). */
    static void startWorkload() {
      start("work", Target::work);
      start("orders-1", Target::orders);
      start("orders-2", Target::orders);
    }

    private static void start(String name, Runnable loop) {
      Thread t = new Thread(loop, name);
      t.setDaemon(true);
      t.start();
    }

    /** CPU and allocation: formats, hashes and sorts records into a 16k-entry ring of ~1 KB each. */
    private static void work() {
      String[] ring = new String[16_384];
      long seed = 42;
      for (long i = 0; ; i++) {
        StringBuilder sb = new StringBuilder(1024);
        for (int j = 0; j < 40; j++) {
          seed = seed * 6364136223846793005L + 1442695040888963407L;
          sb.append(Long.toHexString(seed)).append(',');
        }
        String record = sb.toString();
        String[] fields = record.split(",");
        Arrays.sort(fields);
        ring[(int) (i & (ring.length - 1))] = record + fields[0].hashCode();
        OPS.increment();
      }
    }

    private static void orders() {
      try {
        while (true) {
          synchronized (LOCK) {
            Thread.sleep(10);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
