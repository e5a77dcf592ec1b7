package io.jpprof.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpprof.Profile;
import io.jpprof.fixtures.CpuWork;
import io.jpprof.fixtures.GoPprof;
import io.jpprof.internal.Collectors;
import io.jpprof.internal.profile.ProtoWriter;
import io.jpprof.internal.wall.WallProfiler;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two traced requests run at once on two threads, each in its own local root span (the checkout
 * one with a child span inside): the CPU profile, read by go tool pprof, gives each request's
 * span id exactly that request's methods (so does the wall-clock profile), and the root spans
 * carry pyroscope.profile.id.
 */
@Timeout(120)
class SpanProfileTest {

  @Test
  void spanIdFindsItsRequestsMethods(@TempDir Path dir) throws Exception {
    List<ReadableSpan> ended = new CopyOnWriteArrayList<>();
    try (SdkTracerProvider tracing = SdkTracerProvider.builder()
        .addSpanProcessor(JpprofSpanProcessor.create())
        .addSpanProcessor(collect(ended))
        .build()) {
      Tracer tracer = tracing.get("test");
      Path profile = dir.resolve("cpu.pb.gz");
      AtomicReference<String> checkoutId = new AtomicReference<>();
      AtomicReference<String> searchId = new AtomicReference<>();
      Path wallProfile = dir.resolve("wall.pb.gz");
      WallProfiler.Session wall = Collectors.process().wall().start(WallProfiler.Options.defaults());
      try (OutputStream out = Files.newOutputStream(profile)) {
        Profile.startCpuProfile(out);
        Thread checkout = new Thread(() -> {
          Span root = tracer.spanBuilder("checkout").startSpan();
          checkoutId.set(root.getSpanContext().getSpanId());
          try (Scope s = root.makeCurrent()) {
            checkout(600);
            Span child = tracer.spanBuilder("price").startSpan();
            try (Scope c = child.makeCurrent()) {
              price(600);
            } finally {
              child.end();
            }
          } finally {
            root.end();
          }
        }, "request-1");
        Thread search = new Thread(() -> {
          Span root = tracer.spanBuilder("search").startSpan();
          searchId.set(root.getSpanContext().getSpanId());
          try (Scope s = root.makeCurrent()) {
            search(1200);
          } finally {
            root.end();
          }
          untraced(300); // after the span: no span labels
        }, "request-2");
        checkout.start();
        search.start();
        checkout.join();
        search.join();
        Profile.stopCpuProfile();
      }
      try (OutputStream out = Files.newOutputStream(wallProfile)) {
        ProtoWriter.write(wall.stop(), out);
      }

      GoPprof.findGo();
      String one = GoPprof.run("-top", "-tagfocus=span_id=" + checkoutId.get(), profile.toString()).ok();
      assertThat(one).contains("SpanProfileTest.checkout", "SpanProfileTest.price")
          .doesNotContain("SpanProfileTest.search", "SpanProfileTest.untraced");
      String two = GoPprof.run("-top", "-tagfocus=span_id=" + searchId.get(), profile.toString()).ok();
      assertThat(two).contains("SpanProfileTest.search")
          .doesNotContain("SpanProfileTest.checkout", "SpanProfileTest.price", "SpanProfileTest.untraced");
      String byName = GoPprof.run("-top", "-tagfocus=span_name=checkout", profile.toString()).ok();
      assertThat(byName).contains("SpanProfileTest.checkout", "SpanProfileTest.price").doesNotContain("SpanProfileTest.search");
      String tags = GoPprof.run("-tags", profile.toString()).ok();
      assertThat(tags).contains("span_id", checkoutId.get(), searchId.get(), "span_name").doesNotContain("price");
      assertThat(GoPprof.run("-top", profile.toString()).ok()).contains("SpanProfileTest.untraced");
      // the wall-clock profile carries the same labels
      assertThat(GoPprof.run("-top", "-tagfocus=span_id=" + checkoutId.get(), wallProfile.toString()).ok())
          .contains("SpanProfileTest.checkout", "SpanProfileTest.price").doesNotContain("SpanProfileTest.search");
      assertThat(GoPprof.run("-top", "-tagfocus=span_id=" + searchId.get(), wallProfile.toString()).ok())
          .contains("SpanProfileTest.search").doesNotContain("SpanProfileTest.checkout");

      assertThat(ended).extracting(s -> s.getName() + "=" + s.getAttribute(JpprofSpanProcessor.PROFILE_ID))
          .containsExactlyInAnyOrder("price=null", "checkout=" + checkoutId.get(), "search=" + searchId.get());
    }
  }

  /**
   * Labels belong to the thread: a root span gives its thread span_id until it ends, a child keeps
   * its root's, a root that ends on another thread leaves its starting thread's labels at that
   * thread's next root span, and a remote parent makes a local root.
   */
  @Test
  void threadLabelsFollowRootSpans() throws Exception {
    try (SdkTracerProvider tracing = SdkTracerProvider.builder().addSpanProcessor(JpprofSpanProcessor.create(false)).build()) {
      Tracer tracer = tracing.get("test");
      Profile.doWithLabels(io.jpprof.Labels.of("route", "/checkout"), () -> {
        Span root = tracer.spanBuilder("checkout").startSpan();
        String id = root.getSpanContext().getSpanId();
        assertThat(Profile.labels().asMap()).containsExactly(
            java.util.Map.entry("route", "/checkout"), java.util.Map.entry("span_id", id));
        try (Scope s = root.makeCurrent()) {
          Span child = tracer.spanBuilder("child").startSpan();
          assertThat(Profile.label("span_id")).isEqualTo(id);
          child.end();
          assertThat(Profile.label("span_id")).isEqualTo(id);
        }
        root.end();
        assertThat(Profile.labels().asMap()).containsExactly(java.util.Map.entry("route", "/checkout"));
      });
      assertThat(Profile.labels().isEmpty()).isTrue();

      Span handedOff = tracer.spanBuilder("async").startSpan();
      assertThat(Profile.label("span_id")).isEqualTo(handedOff.getSpanContext().getSpanId());
      Thread other = new Thread(handedOff::end);
      other.start();
      other.join();
      assertThat(Profile.label("span_id")).as("until this thread's next root span").isNotNull();
      Span next = tracer.spanBuilder("next").setParent(Context.root()).startSpan();
      assertThat(Profile.label("span_id")).isEqualTo(next.getSpanContext().getSpanId());
      next.end();
      assertThat(Profile.labels().isEmpty()).isTrue();

      Span remoteParent = Span.wrap(io.opentelemetry.api.trace.SpanContext.createFromRemoteParent(
          "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
          io.opentelemetry.api.trace.TraceFlags.getSampled(), io.opentelemetry.api.trace.TraceState.getDefault()));
      Span server = tracer.spanBuilder("server").setParent(Context.root().with(remoteParent)).startSpan();
      assertThat(Profile.label("span_id")).isEqualTo(server.getSpanContext().getSpanId());
      server.end();
      assertThat(Profile.labels().isEmpty()).isTrue();
    }
  }

  private static SpanProcessor collect(List<ReadableSpan> ended) {
    return new SpanProcessor() {
      @Override
      public void onStart(Context parentContext, ReadWriteSpan span) {}

      @Override
      public boolean isStartRequired() {
        return false;
      }

      @Override
      public void onEnd(ReadableSpan span) {
        ended.add(span);
      }

      @Override
      public boolean isEndRequired() {
        return true;
      }
    };
  }

  static void checkout(long cpuMillis) {
    burn(cpuMillis);
  }

  static void price(long cpuMillis) {
    burn(cpuMillis);
  }

  static void search(long cpuMillis) {
    burn(cpuMillis);
  }

  static void untraced(long cpuMillis) {
    burn(cpuMillis);
  }

  /** Burns {@code cpuMillis} of this thread's CPU time (at most 20 s of wall time on a loaded machine). */
  private static void burn(long cpuMillis) {
    CpuWork.spendCpu(cpuMillis * 1_000_000, Duration.ofSeconds(20));
  }
}
