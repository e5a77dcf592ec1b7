package io.jpprof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jpprof.fixtures.LabelledWork;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The labels API: Go's pprof.Labels / pprof.Do / pprof.Label semantics. */
class LabelsTest {
  @Test
  void labelsAreSortedAndTheLastValueOfARepeatedKeyWins() {
    Labels l = Labels.of("route", "/a", "tenant", "7", "route", "/b");
    assertThat(l.asMap()).containsExactly(Map.entry("route", "/b"), Map.entry("tenant", "7"));
    assertThat(l.toString()).isEqualTo("{\"route\":\"/b\", \"tenant\":\"7\"}");
    assertThat(l).isEqualTo(Labels.of(Map.of("tenant", "7", "route", "/b")));
    assertThatThrownBy(() -> Labels.of("route")).hasMessage("uneven number of arguments to pprof.Labels");
    // keys given in order take the short way; the result is the same
    assertThat(Labels.of("route", "/b", "tenant", "7")).isEqualTo(l).hasToString(l.toString());
    assertThat(Labels.of()).isSameAs(Labels.EMPTY);
    assertThatThrownBy(() -> Labels.of("route", "/b", "tenant", null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Labels.of("tenant", "7", null, "/b")).isInstanceOf(NullPointerException.class);
  }

  @Test
  void nestingMergesInnerWinsAndRestores() {
    AtomicReference<Labels> inner = new AtomicReference<>();
    Profile.doWithLabels(Map.of("route", "/checkout", "tenant", "7"), () -> {
      Profile.doWithLabels(Labels.of("route", "/pay", "step", "card"), () -> inner.set(Profile.labels()));
      assertThat(Profile.labels()).isEqualTo(Labels.of("route", "/checkout", "tenant", "7"));
      assertThat(Profile.label("route")).isEqualTo("/checkout");
    });
    assertThat(inner.get().asMap())
        .containsExactly(Map.entry("route", "/pay"), Map.entry("step", "card"), Map.entry("tenant", "7"));
    assertThat(Profile.labels()).isSameAs(Labels.EMPTY);
    assertThat(Profile.label("route")).isNull();
  }

  @Test
  void labelsAreRestoredWhenTheBodyThrows() {
    Labels outer = Labels.of("route", "/a");
    Profile.doWithLabels(outer, () -> {
      assertThatThrownBy(() -> Profile.callWithLabels(Labels.of("route", "/b"), () -> {
        throw new IOException("boom");
      })).isInstanceOf(IOException.class).hasMessage("boom");
      assertThatThrownBy(() -> Profile.doWithLabels(Labels.of("x", "y"), () -> {
        throw new IllegalStateException("bang");
      })).hasMessage("bang");
      assertThat(Profile.labels()).isSameAs(outer);
    });
    assertThat(Profile.labels().isEmpty()).isTrue();
  }

  @Test
  void callableFormReturnsItsValue() throws Exception {
    assertThat(Profile.callWithLabels(Map.of("k", "v"), () -> Profile.label("k"))).isEqualTo("v");
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void labelsBelongToTheThreadAndAreSeenByTheGoroutineProfile(boolean virtual) throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(!virtual || LabelledWork.virtualThreadsSupported());
    java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    AtomicReference<Labels> seen = new AtomicReference<>();
    Thread t = LabelledWork.start("labelled-" + virtual, virtual, () ->
        Profile.doWithLabels(Labels.of("route", "/checkout"), () -> {
          seen.set(Profile.labels());
          inside.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }));
    inside.await();
    try {
      assertThat(Profile.labels().isEmpty()).as("the caller's labels").isTrue();
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      Profile.lookup("goroutine").writeTo(out, 1);
      String text = out.toString(java.nio.charset.StandardCharsets.UTF_8);
      assertThat(text).containsPattern("# labels: \\{\"route\":\"/checkout\", \"state\":\"[A-Z_]+\""
          + (virtual ? ", \"virtual\":\"true\"" : "") + "\\}");
    } finally {
      release.countDown();
      t.join();
    }
    assertThat(seen.get()).isEqualTo(Labels.of("route", "/checkout"));
  }
}
