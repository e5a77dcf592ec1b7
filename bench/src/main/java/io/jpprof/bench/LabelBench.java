package io.jpprof.bench;

import io.jpprof.Labels;
import io.jpprof.Profile;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Cost of entering and leaving a labelled scope ({@code Profile.doWithLabels}), with no profile
 * running and with a CPU profile running (then each change is also a JFR event).
 *
 * <pre>
 * java -cp 'bench/target/jpprof-bench.jar:bench/target/lib/*' org.openjdk.jmh.Main LabelBench -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LabelBench {
  private static final Labels ROUTE = Labels.of("route", "/checkout");
  private static final Labels STEP = Labels.of("step", "pay");
  private static final Map<String, String> ROUTE_MAP = Map.of("route", "/checkout");

  /** "none": no profile; "cpu": a CPU profile runs (label changes become JFR events). */
  @Param({"none", "cpu"})
  public String profile;

  private Runnable body;
  private Blackhole bh;

  @Setup(Level.Trial)
  public void setUp(Blackhole bh) {
    this.bh = bh;
    this.body = () -> this.bh.consume(42);
    if (profile.equals("cpu")) {
      Profile.startCpuProfile(OutputStream.nullOutputStream());
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    Profile.stopCpuProfile();
  }

  /** The body alone: what the others are compared with. */
  @Benchmark
  public void baseline() {
    body.run();
  }

  /** A prebuilt label set on a thread without labels: no merge, no allocation. */
  @Benchmark
  public void prebuiltLabels() {
    Profile.doWithLabels(ROUTE, body);
  }

  /** A map, turned into a label set on every call (the allocation of the label set itself). */
  @Benchmark
  public void mapLabels() {
    Profile.doWithLabels(ROUTE_MAP, body);
  }

  /** A scope inside a scope: the inner one merges (one new label set). */
  @Benchmark
  public void nestedScope() {
    Profile.doWithLabels(ROUTE, () -> Profile.doWithLabels(STEP, body));
  }
}
