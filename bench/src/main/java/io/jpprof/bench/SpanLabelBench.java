package io.jpprof.bench;

import io.jpprof.Profile;
import io.jpprof.opentelemetry.JpprofSpanProcessor;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;

import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost per span of {@link JpprofSpanProcessor}: a root span started and ended on a tracer of the
 * real OpenTelemetry SDK without the processor ({@code plainRootSpan}) and with it ({@code
 * labelledRootSpan}, {@code labelledRootSpanWithoutName}); a child span in a labelled root ({@code
 * labelledChildSpan}: the processor only reads its parent). The difference of a pair is the
 * processor's cost. No exporter: the SDK's own span is the baseline.
 *
 * <pre>
 * java -cp 'bench/target/jpprof-bench.jar:bench/target/lib/*' org.openjdk.jmh.Main SpanLabelBench -prof gc
 * java -cp 'bench/target/jpprof-bench.jar:bench/target/lib/*' io.jpprof.bench.SpanLabelBench [rounds] [spans]
 * </pre>
 *
 * The second form is for a shared machine, where JMH's wall-clock times swing with the load: it
 * pairs rounds of plain and labelled root spans and reads each round's thread CPU time, printing
 * the median difference per span with its quartiles.
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SpanLabelBench {
  /** "none": no profile; "cpu": a CPU profile runs (label changes become JFR events). */
  @Param({"none", "cpu"})
  public String profile;

  private SdkTracerProvider plain;
  private SdkTracerProvider labelled;
  private SdkTracerProvider labelledWithoutName;
  private Tracer plainTracer;
  private Tracer labelledTracer;
  private Tracer labelledWithoutNameTracer;

  @Setup(Level.Trial)
  public void setUp() {
    plain = SdkTracerProvider.builder().build();
    labelled = SdkTracerProvider.builder().addSpanProcessor(JpprofSpanProcessor.create()).build();
    labelledWithoutName = SdkTracerProvider.builder().addSpanProcessor(JpprofSpanProcessor.create(false)).build();
    plainTracer = plain.get("bench");
    labelledTracer = labelled.get("bench");
    labelledWithoutNameTracer = labelledWithoutName.get("bench");
    if (profile.equals("cpu")) {
      Profile.startCpuProfile(OutputStream.nullOutputStream());
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    Profile.stopCpuProfile();
    plain.close();
    labelled.close();
    labelledWithoutName.close();
  }

  @Benchmark
  public Span plainRootSpan() {
    Span s = plainTracer.spanBuilder("GET /checkout").startSpan();
    s.end();
    return s;
  }

  @Benchmark
  public Span labelledRootSpan() {
    Span s = labelledTracer.spanBuilder("GET /checkout").startSpan();
    s.end();
    return s;
  }

  @Benchmark
  public Span labelledRootSpanWithoutName() {
    Span s = labelledWithoutNameTracer.spanBuilder("GET /checkout").startSpan();
    s.end();
    return s;
  }

  /** Paired rounds measured in thread CPU time: {@code [rounds] [spans per round]}. */
  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
    int spans = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
    SpanLabelBench b = new SpanLabelBench();
    b.profile = "none";
    b.setUp();
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    double[] plain = new double[rounds];
    double[] diff = new double[rounds];
    for (int r = -5; r < rounds; r++) { // 5 rounds of warm-up
      long t0 = threads.getCurrentThreadCpuTime();
      for (int i = 0; i < spans; i++) {
        b.plainRootSpan();
      }
      long t1 = threads.getCurrentThreadCpuTime();
      for (int i = 0; i < spans; i++) {
        b.labelledRootSpan();
      }
      long t2 = threads.getCurrentThreadCpuTime();
      if (r >= 0) {
        plain[r] = (double) (t1 - t0) / spans;
        diff[r] = (double) ((t2 - t1) - (t1 - t0)) / spans;
      }
    }
    java.util.Arrays.sort(plain);
    java.util.Arrays.sort(diff);
    System.out.printf("plain root span: median %.0f ns CPU%n", plain[rounds / 2]);
    System.out.printf("JpprofSpanProcessor, extra per root span: median %.0f ns CPU (quartiles %.0f..%.0f), %d rounds of %d spans%n",
        diff[rounds / 2], diff[rounds / 4], diff[3 * rounds / 4], rounds, spans);
  }

  /** A root and a child in it, with the processor: compare with {@code labelledRootSpan}. */
  @Benchmark
  public Span labelledChildSpan() {
    Span root = labelledTracer.spanBuilder("GET /checkout").startSpan();
    Span child;
    try (Scope s = root.makeCurrent()) {
      child = labelledTracer.spanBuilder("price").startSpan();
      child.end();
    }
    root.end();
    return child;
  }
}
