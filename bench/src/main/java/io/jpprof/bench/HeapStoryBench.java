package io.jpprof.bench;

import io.jpprof.Profile;
import io.jpprof.fixtures.GoPprof;
import io.jpprof.fixtures.LiveHeap;
import io.jpprof.fixtures.TopReport;
import io.jpprof.internal.Collectors;
import java.io.OutputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The heap story, repeated: does the growing site top {@code go tool pprof -base} of two plain
 * {@code heap} profiles (no {@code gc=1}) taken 10 s apart under churn? One fresh JVM per run, with
 * default flags except the collector and {@code -Xmx2g}: a 200 MiB static set ({@link
 * LiveHeap#STATIC}), 40 MB/s of garbage of which one object in {@code keepEvery} (64) lives on in a
 * ring of {@code ringMiB} (8; 8 MiB and 1 in 64 keep each for about 13 s, long enough to be promoted;
 * 32 MiB and 1 in 8 promote about 5 MB/s of garbage), one site growing 2.5 MB/s ({@link
 * LiveHeap#GROW}); profiles at {@code warmUp} s (10) and 10 s later, or at the first collection that
 * sweeps the JVM's sample set after that (at most 30 s later): with no collection between them two
 * profiles show the same heap, as in Go.
 *
 * <pre>
 * mvn -q -ntp -pl bench -am package -DskipTests
 * CP='bench/target/jpprof-bench.jar:bench/target/lib/*'
 * java -cp "$CP" io.jpprof.bench.HeapStoryBench ZGC 10   # collector, runs [, warmUp, ringMiB, keepEvery]
 * JAVA_HOME=... java -cp "$CP" io.jpprof.bench.HeapStoryBench G1 20
 * </pre>
 *
 * Prints one line per run (the top of {@code -base}, the growing, static and {@code [unattributed]}
 * rows of the diff, the second profile's total against the live heap measured by a full GC right
 * after it, how late the second profile was) and then the count: {@code growing site on top in K of N
 * runs}. The children use the parent's {@code java}. {@code -Dverbose=true} also prints the second profile's estimate lines
 * ({@code heap?debug=1}).
 */
public final class HeapStoryBench {
  private static final long STATIC = 200L << 20;
  private static final long CHURN_PER_SECOND = 40_000_000;
  private static final long GROW_PER_SECOND = 2_500_000;
  private static final long WINDOW_MILLIS = 10_000;
  private static final String UNATTRIBUTED = "[unattributed] heap";

  private HeapStoryBench() {}

  public static void main(String[] args) throws Exception {
    if (args[0].equals("child")) {
      child(Path.of(args[1]), Long.parseLong(args[2]), Long.parseLong(args[3]) << 20, Integer.parseInt(args[4]));
      return;
    }
    String gc = args[0];
    int runs = Integer.parseInt(args[1]);
    long warmUpMillis = args.length > 2 ? Long.parseLong(args[2]) * 1000 : 10_000;
    String ringMiB = args.length > 3 ? args[3] : "8";
    String keepEvery = args.length > 4 ? args[4] : "64";
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    int top = 0;
    int late = 0;
    for (int run = 1; run <= runs; run++) {
      Path dir = Files.createTempDirectory("heap-story-");
      try {
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx2g", gc.equals("ZGC") ? "-XX:+UseZGC" : "-XX:+Use" + gc + "GC",
            "-cp", System.getProperty("java.class.path"), HeapStoryBench.class.getName(), "child",
            dir.toString(), String.valueOf(warmUpMillis), ringMiB, keepEvery));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
            .redirectOutput(dir.resolve("out.txt").toFile()).start();
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
          p.destroyForcibly();
          System.out.printf("run %d: child failed:%n%s%n", run, Files.readString(dir.resolve("out.txt")));
          continue;
        }
        Properties truth = new Properties();
        try (var in = Files.newInputStream(dir.resolve("truth.properties"))) {
          truth.load(in);
        }
        TopReport diff = top("-base", dir.resolve("heap1.pb.gz").toString(), dir.resolve("heap2.pb.gz").toString());
        TopReport second = top(dir.resolve("heap2.pb.gz").toString());
        String first = diff.rows().isEmpty() ? "(empty)" : diff.rows().keySet().iterator().next();
        // an all-zero diff (no collection between the profiles) lists the growing site first by name
        boolean growOnTop = first.equals(LiveHeap.GROW) && flat(diff, LiveHeap.GROW) > 0;
        top += growOnTop ? 1 : 0;
        late += Long.parseLong(truth.getProperty("waitedMillis")) != 0 ? 1 : 0;
        double live = Double.parseDouble(truth.getProperty("live"));
        double grown = Double.parseDouble(truth.getProperty("grown2")) - Double.parseDouble(truth.getProperty("grown1"));
        System.out.printf(Locale.ROOT,
            "run %d JDK %s %s: top %s; -base grow %+.1f MB (truth %+.1f), static %+.1f MB, unattributed %+.1f MB;"
                + " total %.1f MB (unattributed %.1f), live %.1f MB (%+.0f%%), static %.1f MB (truth %.1f)%s%n",
            run, truth.getProperty("jdk"), gc, growOnTop ? "growSite" : first, flat(diff, LiveHeap.GROW) / 1e6,
            grown / 1e6, flat(diff, LiveHeap.STATIC) / 1e6, flat(diff, UNATTRIBUTED) / 1e6, second.total() / 1e6,
            flat(second, UNATTRIBUTED) / 1e6, live / 1e6, 100 * (second.total() / live - 1), flat(second, LiveHeap.STATIC) / 1e6, STATIC / 1e6,
            waited(truth.getProperty("waitedMillis")));
        if (Boolean.getBoolean("verbose")) {
          diff.rows().entrySet().stream().limit(5).forEach(e ->
              System.out.printf(Locale.ROOT, "  -base %+.1f MB %s%n", e.getValue().flat() / 1e6, e.getKey()));
          for (String line : Files.readAllLines(dir.resolve("heap2.txt"))) {
            if (line.matches("# (inuse_space|LiveHeap|Unexplained|HeapAfterLastGC|OldGenCleanings|NumGC|Collector).*")) {
              System.out.println("  " + line);
            }
          }
        }
      } finally {
        try (var files = Files.list(dir)) {
          for (Path f : files.toList()) {
            Files.delete(f);
          }
        }
        Files.delete(dir);
      }
    }
    System.out.printf(Locale.ROOT, "JDK %d %s: growing site on top of -base in %d of %d runs"
        + " (the second profile waited for a collection in %d)%n", Runtime.version().feature(), gc, top, runs, late);
  }

  private static void child(Path dir, long warmUpMillis, long ringBytes, int keepEvery) throws Exception {
    Profile.startRecording();
    Collectors.process().heap().awaitRecorded(Duration.ofSeconds(30));
    Properties truth = new Properties();
    try (LiveHeap heap = new LiveHeap(STATIC, CHURN_PER_SECOND, ringBytes, keepEvery, GROW_PER_SECOND)) {
      Thread.sleep(warmUpMillis);
      truth.setProperty("grown1", String.valueOf(heap.grownBytes()));
      write(dir.resolve("heap1.pb.gz"), 0);
      long swept = sweepingCollections();
      Thread.sleep(WINDOW_MILLIS);
      // a heap profile is as of the last collection that swept the JVM's sample set (as Go's is as
      // of the last GC): with none since the first profile both show the same heap, whatever the
      // profiler. G1 sized its young generation for about 10 s of this churn at times; a user would
      // take the second profile after a collection, so the bench waits for one (at most 30 s)
      long waitFrom = System.nanoTime();
      long waited = 0;
      while (sweepingCollections() == swept && waited < 30_000) {
        Thread.sleep(100);
        waited = (System.nanoTime() - waitFrom) / 1_000_000;
      }
      truth.setProperty("waitedMillis", String.valueOf(sweepingCollections() == swept ? -1 : waited));
      truth.setProperty("grown2", String.valueOf(heap.grownBytes()));
      write(dir.resolve("heap2.pb.gz"), 0);
      write(dir.resolve("heap2.txt"), 1);
      truth.setProperty("live", String.valueOf(LiveHeap.liveAfterFullGc()));
      truth.setProperty("jdk", String.valueOf(Runtime.version().feature()));
    }
    try (var out = Files.newOutputStream(dir.resolve("truth.properties"))) {
      truth.store(out, null);
    }
    System.exit(0);
  }

  /**
   * Collections that sweep the JVM's old-object sample set: all but generational ZGC's minor cycles
   * and ZGC's pause notifications (which come in the middle of a cycle).
   */
  private static long sweepingCollections() {
    long n = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (!gc.getName().endsWith("Minor Cycles") && !gc.getName().endsWith("Pauses")) {
        n += Math.max(0, gc.getCollectionCount());
      }
    }
    return n;
  }

  private static void write(Path file, int debug) throws Exception {
    try (OutputStream out = Files.newOutputStream(file)) {
      Profile.lookup("heap").writeTo(out, debug);
    }
  }

  private static String waited(String millis) {
    long ms = Long.parseLong(millis);
    return ms < 0 ? "; no collection within 30 s of the window" : ms > 0 ? String.format(Locale.ROOT,
        "; second profile %.1f s late, after a collection", ms / 1000.0) : "";
  }

  private static double flat(TopReport top, String function) {
    TopReport.Row r = top.row(function);
    return r == null ? 0 : r.flat();
  }

  private static TopReport top(String... args) {
    List<String> all = new ArrayList<>(List.of("-top", "-nodecount=1000", "-nodefraction=0", "-sample_index=inuse_space"));
    all.addAll(List.of(args));
    return TopReport.parse(GoPprof.run(all.toArray(String[]::new)).ok());
  }
}
