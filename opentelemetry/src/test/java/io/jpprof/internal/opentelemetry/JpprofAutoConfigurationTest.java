package io.jpprof.internal.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpprof.Profile;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizer;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/** The SDK's autoconfiguration finds the provider; it adds the processor only when enabled. */
class JpprofAutoConfigurationTest {
  @Test
  void offUnlessEnabled() {
    BiFunction<SdkTracerProviderBuilder, ConfigProperties, SdkTracerProviderBuilder> customizer = customizer();
    assertThat(spanLabels(customizer, Map.of())).isEmpty();
    assertThat(spanLabels(customizer, Map.of("otel.jpprof.enabled", "false"))).isEmpty();
    assertThat(spanLabels(customizer, Map.of("otel.jpprof.enabled", "true"))).containsOnlyKeys("span_id", "span_name")
        .containsEntry("span_name", "GET /checkout");
    assertThat(spanLabels(customizer, Map.of("otel.jpprof.enabled", "true", "otel.jpprof.span.name", "false")))
        .containsOnlyKeys("span_id");
  }

  /** The tracer-provider customizer the service-loaded provider registers. */
  @SuppressWarnings("unchecked")
  private static BiFunction<SdkTracerProviderBuilder, ConfigProperties, SdkTracerProviderBuilder> customizer() {
    List<AutoConfigurationCustomizerProvider> providers = ServiceLoader.load(AutoConfigurationCustomizerProvider.class)
        .stream().map(ServiceLoader.Provider::get).toList();
    assertThat(providers).hasExactlyElementsOfTypes(JpprofAutoConfiguration.class);
    AtomicReference<Object> added = new AtomicReference<>();
    AutoConfigurationCustomizer recorder = (AutoConfigurationCustomizer) Proxy.newProxyInstance(
        AutoConfigurationCustomizer.class.getClassLoader(), new Class<?>[] {AutoConfigurationCustomizer.class},
        (proxy, method, args) -> {
          if (method.getName().equals("addTracerProviderCustomizer")) {
            added.set(args[0]);
          }
          return proxy;
        });
    providers.get(0).customize(recorder);
    assertThat(added.get()).isNotNull();
    return (BiFunction<SdkTracerProviderBuilder, ConfigProperties, SdkTracerProviderBuilder>) added.get();
  }

  /** The labels of this thread inside a root span of a provider customized with {@code config}. */
  private static Map<String, String> spanLabels(
      BiFunction<SdkTracerProviderBuilder, ConfigProperties, SdkTracerProviderBuilder> customizer, Map<String, String> config) {
    try (SdkTracerProvider tracing = customizer.apply(SdkTracerProvider.builder(), DefaultConfigProperties.createFromMap(config)).build()) {
      Span span = tracing.get("test").spanBuilder("GET /checkout").startSpan();
      try {
        return Profile.labels().asMap();
      } finally {
        span.end();
      }
    }
  }
}
