package io.jpprof.internal.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jpprof.fixtures.PprofValidator;
import io.jpprof.proto.ProfileProto;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Go's {@code ?seconds=N} delta over fake sources. */
class DeltasTest {
  private static final Stack A = Stack.of(List.of(Frame.of("com.example.A", "run", "A.java", 1)));
  private static final Stack B = Stack.of(List.of(Frame.of("com.example.B", "run", "B.java", 2)));

  @Test
  void deltaIsSecondMinusFirstWithNegativesAndTheWindowsTime() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    Supplier<ProfileData> source =
        () -> {
          int n = calls.incrementAndGet();
          return ProfileData.countProfile("goroutine")
              .defaultSampleType("goroutine")
              .add(new Sample(A, n == 1 ? 20 : 50))
              .add(new Sample(B, n == 1 ? 3 : 1))
              .build();
        };
    AtomicInteger beats = new AtomicInteger();
    long before = Clock.nowNanos();
    ProfileData d = Deltas.over(source, Duration.ofMillis(1300), beats::incrementAndGet);
    long after = Clock.nowNanos();

    assertThat(d.samples()).containsExactlyInAnyOrder(new Sample(A, 30), new Sample(B, -2));
    assertThat(d.durationNanos()).isBetween(1_300_000_000L, after - before);
    assertThat(d.timeNanos()).isBetween(before + 1_300_000_000L, after);
    assertThat(d.defaultSampleType()).isEqualTo("goroutine");
    assertThat(beats.get()).as("at the start and after one second").isEqualTo(2);
    ProfileProto.Profile p = PprofValidator.parse(ProtoWriter.toGzip(d));
    assertThat(p.getDurationNanos()).isEqualTo(d.durationNanos());
  }

  @Test
  void aFailingHeartbeatEndsTheWaitAtOnce() {
    AtomicInteger calls = new AtomicInteger();
    Supplier<ProfileData> source =
        () -> {
          calls.incrementAndGet();
          return ProfileData.countProfile("goroutine").build();
        };
    long start = System.nanoTime();
    assertThatThrownBy(() -> Deltas.over(source, Duration.ofSeconds(30), () -> { throw new IOException("gone"); }))
        .isInstanceOf(IOException.class)
        .hasMessage("gone");
    assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
    assertThat(calls.get()).isEqualTo(1);
  }

  @Test
  void failuresCarryGosMessages() {
    assertThatThrownBy(() -> Deltas.over(() -> { throw new IllegalStateException("x"); }, Duration.ZERO, () -> {}))
        .isInstanceOf(Deltas.Failure.class)
        .hasMessage("failed to collect profile");
    AtomicInteger calls = new AtomicInteger();
    Supplier<ProfileData> changing =
        () -> calls.incrementAndGet() == 1
            ? ProfileData.countProfile("a").build()
            : ProfileData.countProfile("b").build();
    assertThatThrownBy(() -> Deltas.over(changing, Duration.ZERO, () -> {}))
        .isInstanceOf(Deltas.Failure.class)
        .hasMessage("failed to compute delta");
  }

  @Test
  void anInterruptEndsTheWait() {
    Thread.currentThread().interrupt();
    assertThatThrownBy(
            () -> Deltas.over(() -> ProfileData.countProfile("a").build(), Duration.ofSeconds(30), () -> {}))
        .isInstanceOf(InterruptedException.class);
  }

  @Test
  void hugeWindowsDoNotOverflow() throws Exception {
    Thread.currentThread().interrupt();
    assertThatThrownBy(
            () -> Deltas.over(() -> ProfileData.countProfile("a").build(), Duration.ofSeconds(Long.MAX_VALUE), () -> {}))
        .isInstanceOf(InterruptedException.class);
  }
}
