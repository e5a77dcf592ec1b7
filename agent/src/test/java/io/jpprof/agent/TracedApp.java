package io.jpprof.agent;

import io.jpprof.opentelemetry.JpprofSpanProcessor;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;

/**
 * An application traced with its own OpenTelemetry SDK and jpprof-opentelemetry: two requests,
 * each one root span on its own thread for two minutes, burn CPU in {@link #checkout} and {@link
 * #search}; their span ids are printed.
 */
public final class TracedApp {
  private static volatile long sink;

  private TracedApp() {}

  public static void main(String[] args) throws Exception {
    Tracer tracer = SdkTracerProvider.builder().addSpanProcessor(JpprofSpanProcessor.create()).build().get("app");
    request(tracer, "checkout", TracedApp::checkout);
    request(tracer, "search", TracedApp::search);
    Thread.sleep(120_000);
  }

  private static void request(Tracer tracer, String name, Runnable work) {
    Thread t = new Thread(() -> {
      Span root = tracer.spanBuilder(name).startSpan();
      System.out.println("span " + name + " " + root.getSpanContext().getSpanId());
      try (Scope s = root.makeCurrent()) {
        long end = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < end) {
          work.run();
        }
      } finally {
        root.end();
      }
    }, name);
    t.setDaemon(true);
    t.start();
  }

  static void checkout() {
    burn();
  }

  static void search() {
    burn();
  }

  private static void burn() {
    long x = sink;
    for (int i = 0; i < 100_000; i++) {
      x = x * 6364136223846793005L + 1442695040888963407L;
    }
    sink = x;
  }
}
