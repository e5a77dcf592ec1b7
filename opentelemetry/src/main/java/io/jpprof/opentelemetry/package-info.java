/**
 * Package io.jpprof.opentelemetry joins OpenTelemetry traces to jpprof's profiles: {@link
 * io.jpprof.opentelemetry.JpprofSpanProcessor} gives the samples taken inside a local root span
 * the labels {@code span_id} and {@code span_name}, so {@code go tool pprof -tagfocus
 * span_id=<id>} (or Pyroscope, from a Tempo trace) shows one request's profile. The application
 * brings its own OpenTelemetry SDK; nothing happens until the processor is registered or {@code
 * otel.jpprof.enabled=true} is set for the SDK's autoconfiguration.
 */
package io.jpprof.opentelemetry;
