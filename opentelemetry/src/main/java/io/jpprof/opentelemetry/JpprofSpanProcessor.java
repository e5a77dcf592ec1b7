package io.jpprof.opentelemetry;

import io.jpprof.internal.labels.LabelScopes;
import io.jpprof.internal.labels.LabelSet;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

/**
 * Span profiles: while a local root span is open on a thread, that thread's CPU and wall-clock
 * samples carry the profiler labels {@code span_id} (the span's 16-hex-digit id) and {@code
 * span_name}, and the span gets the attribute {@code pyroscope.profile.id} with the same id: what
 * Pyroscope and Tempo join on to show "the profile of this span" (as Pyroscope's own Java
 * integration does). With jpprof alone, {@code go tool pprof -tagfocus span_id=<id>} shows where
 * one traced request spent its CPU.
 *
 * <pre>{@code
 * SdkTracerProvider tracing = SdkTracerProvider.builder()
 *     .addSpanProcessor(JpprofSpanProcessor.create())
 *     .addSpanProcessor(BatchSpanProcessor.builder(exporter).build())
 *     .build();
 * }</pre>
 *
 * Or, with the SDK's autoconfiguration, {@code otel.jpprof.enabled=true} ({@code
 * OTEL_JPPROF_ENABLED=true}; {@code otel.jpprof.span.name=false} leaves the name out).
 *
 * <p>A local root span is one without a parent or with a remote one (a server span continuing a
 * trace from another process); its children inherit its labels, since they run inside it, so a
 * request's samples all carry the root's {@code span_id}. The labels belong to the thread that
 * started the span, until the span ends on that thread: work the request hands to another thread
 * (an executor, an async servlet, a reactive pipeline) carries no span labels unless wrapped there
 * ({@code Labels l = Profile.labels(); executor.submit(() -> Profile.doWithLabels(l, task))}). A
 * span that ends on another thread takes its labels off its starting thread when that thread next
 * starts a root span. With no profile running a span costs its labels' set and two thread-local
 * writes (docs/benchmarks.md); while a CPU profile runs, each start and end is also a JFR event.
 */
public final class JpprofSpanProcessor implements SpanProcessor {
  /** The label with the span's id: Pyroscope's name for it. */
  public static final String SPAN_ID = "span_id";

  /** The label with the span's name. */
  public static final String SPAN_NAME = "span_name";

  /** The span attribute Tempo reads to link a span to its profile (the span's id). */
  public static final AttributeKey<String> PROFILE_ID = AttributeKey.stringKey("pyroscope.profile.id");

  /** A root span open on this thread: the span, the thread's labels before it, the one it is in. */
  private record Open(ReadableSpan span, LabelSet before, Open outer) {}

  private final boolean spanName;
  private final ThreadLocal<Open> open = new ThreadLocal<>();

  private JpprofSpanProcessor(boolean spanName) {
    this.spanName = spanName;
  }

  /** Labels {@code span_id} and {@code span_name}. */
  public static JpprofSpanProcessor create() {
    return new JpprofSpanProcessor(true);
  }

  /** Labels {@code span_id}, and {@code span_name} when {@code spanName}. */
  public static JpprofSpanProcessor create(boolean spanName) {
    return new JpprofSpanProcessor(spanName);
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {
    SpanContext parent = span.getParentSpanContext();
    if (parent.isValid() && !parent.isRemote()) {
      return; // a child: its thread has its root's labels already
    }
    Open outer = dropEnded(open.get());
    String id = span.getSpanContext().getSpanId();
    LabelSet labels = spanName ? LabelSet.of(SPAN_ID, id, SPAN_NAME, span.getName()) : LabelSet.of(SPAN_ID, id);
    span.setAttribute(PROFILE_ID, id);
    open.set(new Open(span, LabelScopes.enter(labels), outer));
  }

  @Override
  public boolean isStartRequired() {
    return true;
  }

  @Override
  public void onEnd(ReadableSpan span) {
    Open top = open.get();
    for (Open o = top; o != null; o = o.outer) {
      if (o.span == span) {
        LabelScopes.exit(o.before);
        set(o.outer);
        return;
      }
    }
    // a child span, or a root that ends on another thread than its own (dropEnded handles it)
  }

  @Override
  public boolean isEndRequired() {
    return true;
  }

  /** Takes off the labels of root spans that ended on other threads; returns the first still open. */
  private Open dropEnded(Open top) {
    Open o = top;
    while (o != null && o.span.hasEnded()) {
      LabelScopes.exit(o.before);
      o = o.outer;
    }
    if (o != top) {
      set(o);
    }
    return o;
  }

  private void set(Open o) {
    if (o == null) {
      open.remove();
    } else {
      open.set(o);
    }
  }

  @Override
  public String toString() {
    return "JpprofSpanProcessor{spanName=" + spanName + "}";
  }
}
