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
 * </pre>
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
