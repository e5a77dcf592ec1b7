package io.jpprof.internal.opentelemetry;

import io.jpprof.opentelemetry.JpprofSpanProcessor;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizer;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider;

/**
 * The OpenTelemetry SDK's autoconfiguration finds this through {@code META-INF/services}: with
 * {@code otel.jpprof.enabled=true} (environment {@code OTEL_JPPROF_ENABLED}) it adds {@link
 * JpprofSpanProcessor} to the tracer provider, {@code otel.jpprof.span.name=false} without the span
 * name label. Off by default: having the jar on the class path changes nothing.
 */
public final class JpprofAutoConfiguration implements AutoConfigurationCustomizerProvider {
  static final String ENABLED = "otel.jpprof.enabled";
  static final String SPAN_NAME = "otel.jpprof.span.name";

  @Override
  public void customize(AutoConfigurationCustomizer customizer) {
    customizer.addTracerProviderCustomizer((builder, config) -> config.getBoolean(ENABLED, false)
        ? builder.addSpanProcessor(JpprofSpanProcessor.create(config.getBoolean(SPAN_NAME, true)))
        : builder);
  }
}
