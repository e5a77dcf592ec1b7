package io.jpprof.internal.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jpprof.fixtures.PprofValidator;
import io.jpprof.proto.ProfileProto;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Go's {@code ?seconds=N} delta over fake sources. */
class DeltasTest {
  private static final Stack A = Stack.of(List.of(Frame.of("com.example.A", "run", "A.java", 1)));
  private static final Stack B = Stack.of(List.of(Frame.of("com.example.B", "run", "B.java", 2)));

  @Test
  void deltaIsSecondMinusFirstWithNegativesAndTheWindowsTime() throws Exception {
    ProfileData first = ProfileData.countProfile("goroutine").defaultSampleType("goroutine")
        .add(new Sample(A, 20)).add(new Sample(B, 3)).build();
    ProfileData second = ProfileData.countProfile("goroutine").defaultSampleType("goroutine")
        .add(new Sample(A, 50)).add(new Sample(B, 1)).build();
    long start = Clock.nowNanos();
    ProfileData d = Deltas.between(first, start, second, start + 1_300_000_000L);

    assertThat(d.samples()).containsExactlyInAnyOrder(new Sample(A, 30), new Sample(B, -2));
    assertThat(d.durationNanos()).isEqualTo(1_300_000_000L);
    assertThat(d.timeNanos()).isEqualTo(start + 1_300_000_000L);
    assertThat(d.defaultSampleType()).isEqualTo("goroutine");
    ProfileProto.Profile p = PprofValidator.parse(ProtoWriter.toGzip(d));
    assertThat(p.getDurationNanos()).isEqualTo(d.durationNanos());
  }

  @Test
  void failuresCarryGosMessages() {
    assertThatThrownBy(() -> Deltas.collect(() -> { throw new IllegalStateException("x"); }))
        .isInstanceOf(Deltas.Failure.class)
        .hasMessage("failed to collect profile");
    assertThatThrownBy(
            () -> Deltas.between(ProfileData.countProfile("a").build(), 0, ProfileData.countProfile("b").build(), 1))
        .isInstanceOf(Deltas.Failure.class)
        .hasMessage("failed to compute delta");
  }
}
