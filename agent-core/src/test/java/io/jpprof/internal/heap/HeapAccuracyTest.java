package io.jpprof.internal.heap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.jpprof.fixtures.GoPprof;
import io.jpprof.fixtures.LiveHeap;
import io.jpprof.fixtures.TopReport;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The live heap's known answers, through {@code go tool pprof}, in a forked JVM per collector ({@link
 * LiveHeapRun}: 200 MiB static set, 44 MB/s churn, one site growing 2.5 MB/s): the {@code
 * inuse_space} total within ±20 % of the live heap measured by a full GC, the static site within
 * ±25 %, {@code -base} of two profiles about 10 s apart showing the growing site on top within ±25 %
 * of its growth (as of the last GC before each profile, as Go's heap profile is, or at the profiles)
 * and the static site below 2.5 MB, {@code gc=1} within ±10 %.
 *
 * <p>G1, the default collector, and ZGC where it is not generational (JDK 17 to 22) run in every
 * build (about 25 s each). Generational ZGC (the only ZGC from JDK 24) runs with {@code
 * -Dheap.accuracy=true}: the JVM sweeps its sample set at major cycles only, seconds apart, so the
 * queue fills and evicts the static site's samples between sweeps, and samples of objects that died
 * young stay in the set (and count) until a later major cycle (docs/heap.md). ParallelGC runs with
 * {@code -Dheap.accuracy=true} too: with its large TLABs a site has few samples, and the static
 * site read −35 % in one run of four. Each run prints its row either way (docs/benchmarks.md). The
 * profiles are taken between GCs ({@link LiveHeapRun.GcWatch}), so that they and the truth are as
 * of the same collection.
 */
class HeapAccuracyTest {
  private static final double MIB = 1 << 20;

  @TempDir Path dir;

  static Stream<String> collectors() {
    if (Boolean.getBoolean("heap.accuracy")) {
      return Stream.of("G1", "ZGC", "Parallel");
    }
    // JDK 23 made ZGC generational by default, JDK 24 removed the other mode
    return Runtime.version().feature() < 23 ? Stream.of("G1", "ZGC") : Stream.of("G1");
  }

  @ParameterizedTest
  @MethodSource("collectors")
  void knownAnswers(String gc) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-Xmx1g", gc.equals("ZGC") ? "-XX:+UseZGC" : "-XX:+Use" + gc + "GC",
        "-XX:FlightRecorderOptions:old-object-queue-size=2048", "-cp", System.getProperty("java.class.path"),
        LiveHeapRun.class.getName(), dir.toString()));
    Process p = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("out.txt").toFile()).start();
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(dir.resolve("out.txt"))).isZero();
    Properties truth = new Properties();
    try (InputStream in = Files.newInputStream(dir.resolve("truth.properties"))) {
      truth.load(in);
    }
    long live = Long.parseLong(truth.getProperty("live"));
    // the growth as of the last GC before each profile, which is what a heap profile shows (as in Go)
    long growth = Long.parseLong(truth.getProperty("grownAtLastGc2")) - Long.parseLong(truth.getProperty("grownAtLastGc1"));
    long growthNow = Long.parseLong(truth.getProperty("grown2")) - Long.parseLong(truth.getProperty("grown1"));
    TopReport h2 = top(dir.resolve("heap2.pb.gz").toString());
    TopReport diff = top("-base", dir.resolve("heap1.pb.gz").toString(), dir.resolve("heap2.pb.gz").toString());
    TopReport exact = top(dir.resolve("heapgc.pb.gz").toString());
    long liveAtGc = Long.parseLong(truth.getProperty("liveAtGc"));
    double staticSite = flat(h2, LiveHeap.STATIC);
    double staticDiff = flat(diff, LiveHeap.STATIC);
    double growDiff = flat(diff, LiveHeap.GROW);
    System.out.printf(Locale.ROOT,
        "HEAP14 JDK %s %s: total %.1f MiB (truth %.1f, %+.0f%%); static %.1f MiB (truth 200, %+.0f%%);"
            + " -base grow %.1f MiB (truth as of the last GCs %.1f, %+.0f%%; at the profiles %.1f), static %+.1f MiB, top %s; gc=1 %.1f MiB (truth %.1f, %+.0f%%)%n",
        truth.getProperty("jdk"), gc, h2.total() / MIB, live / MIB, 100 * (h2.total() / live - 1),
        staticSite / MIB, 100 * (staticSite / (200 * MIB) - 1), growDiff / MIB, growth / MIB,
        100 * (growDiff / growth - 1), growthNow / MIB, staticDiff / MIB, diff.rows().keySet().iterator().next(),
        exact.total() / MIB, liveAtGc / MIB, 100 * (exact.total() / liveAtGc - 1));
    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(h2.total()).as("inuse total\n%s", h2).isCloseTo(live, within(live * 0.20));
    soft.assertThat(staticSite).as("static site\n%s", h2).isCloseTo(200 * MIB, within(50 * MIB));
    soft.assertThat(diff.rows().keySet().iterator().next()).as("top of -base\n%s", diff).isEqualTo(LiveHeap.GROW);
    // the truth is the growth as of the last GCs (Go's semantics) or at the profiles: ±25% of either
    soft.assertThat(growDiff).as("growth (truth %d to %d bytes)\n%s", growth, growthNow, diff)
        .isBetween(0.75 * Math.min(growth, growthNow), 1.25 * Math.max(growth, growthNow));
    soft.assertThat(Math.abs(staticDiff)).as("static site change\n%s", diff).isLessThan(2.5e6);
    soft.assertThat(exact.total()).as("gc=1 total\n%s", exact).isCloseTo(liveAtGc, within(liveAtGc * 0.10));
    soft.assertAll();
  }

  private static double flat(TopReport top, String function) {
    TopReport.Row r = HeapProfileTest.row(top, function);
    return r == null ? 0 : r.flat();
  }

  private static TopReport top(String... args) {
    List<String> all = new ArrayList<>(List.of("-top", "-nodecount=1000", "-nodefraction=0",
        "-sample_index=inuse_space"));
    all.addAll(List.of(args));
    return TopReport.parse(GoPprof.run(all.toArray(String[]::new)).ok());
  }
}
