package io.jpprof.internal.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProfileDataTest {
  private static final ValueType COUNT = new ValueType("contentions", "count");
  private static final ValueType DELAY = new ValueType("delay", "nanoseconds");
  private static final Stack A = Stack.of(List.of(Frame.of("pd.A", "a", "A.java", 1)));
  private static final Stack B = Stack.of(List.of(Frame.of("pd.B", "b", "B.java", 2), Frame.of("pd.A", "a", "A.java", 1)));

  private static ProfileData.Builder twoValues(long time) {
    return ProfileData.builder(COUNT, DELAY).periodType(COUNT).period(1).timeNanos(time).mainBinary("app");
  }

  private static Sample sample(Stack s, List<Label> labels, long... values) {
    return new Sample(s, values, labels);
  }

  @Test
  void mergeSumsSamplesWithTheSameStackAndLabels() {
    ProfileData p1 =
        twoValues(100)
            .add(sample(A, List.of(Label.of("a", "1"), Label.of("b", "2")), 1, 10))
            .add(new Sample(B, 2, 20))
            .build();
    ProfileData p2 =
        twoValues(200)
            .add(sample(A, List.of(Label.of("b", "2"), Label.of("a", "1")), 3, 30)) // labels in other order
            .add(new Sample(B, 4, 40))
            .build();
    ProfileData m = ProfileData.merge(List.of(p1, p2));
    assertThat(m.samples())
        .containsExactly(
            sample(A, List.of(Label.of("a", "1"), Label.of("b", "2")), 4, 40), new Sample(B, 6, 60));
    assertThat(m.total(0)).isEqualTo(10);
    assertThat(m.total(1)).isEqualTo(100);
    // everything but the samples comes from the first profile
    assertThat(m.timeNanos()).isEqualTo(100);
    assertThat(m.sampleTypes()).containsExactly(COUNT, DELAY);
    assertThat(m.periodType()).isEqualTo(COUNT);
    assertThat(m.period()).isEqualTo(1);
    assertThat(m.mainBinary()).isEqualTo("app");
  }

  @Test
  void mergeKeepsDifferentLabelsSeparate() {
    ProfileData p =
        twoValues(1)
            .add(sample(A, List.of(Label.of("k", "x")), 1, 1))
            .add(sample(A, List.of(Label.of("k", "y")), 1, 1))
            .add(sample(A, List.of(), 1, 1))
            .add(sample(A, List.of(Label.numeric("k", 5, "bytes")), 1, 1))
            .add(sample(A, List.of(Label.of("k", "x")), 1, 1))
            .build();
    ProfileData m = ProfileData.merge(List.of(p));
    assertThat(m.samples()).hasSize(4);
    assertThat(m.samples().get(0)).isEqualTo(sample(A, List.of(Label.of("k", "x")), 2, 2));
  }

  @Test
  void mergeDropsSamplesWhoseValuesAreAllZero() {
    ProfileData p1 = twoValues(1).add(new Sample(A, 0, 0)).add(new Sample(B, 0, 5)).build();
    ProfileData p2 = twoValues(2).add(new Sample(B, 0, -5)).add(new Sample(A, 1, 0)).build();
    assertThat(ProfileData.merge(List.of(p1)).samples()).containsExactly(new Sample(B, 0, 5));
    assertThat(ProfileData.merge(List.of(p1, p2)).samples()).containsExactly(new Sample(A, 1, 0));
  }

  @Test
  void mergeRejectsIncompatibleSampleTypes() {
    ProfileData p1 = twoValues(1).build();
    ProfileData swapped = ProfileData.builder(DELAY, COUNT).periodType(COUNT).period(1).build();
    ProfileData otherUnit =
        ProfileData.builder(COUNT, new ValueType("delay", "cycles")).periodType(COUNT).period(1).build();
    ProfileData fewer = ProfileData.builder(COUNT).periodType(COUNT).period(1).build();
    for (ProfileData p2 : List.of(swapped, otherUnit, fewer)) {
      assertThatThrownBy(() -> ProfileData.merge(List.of(p1, p2)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("incompatible sample types");
    }
  }

  @Test
  void mergeRejectsIncompatiblePeriodTypes() {
    ProfileData p1 = twoValues(1).build();
    ProfileData p2 = ProfileData.builder(COUNT, DELAY).periodType(DELAY).period(1).build();
    assertThatThrownBy(() -> ProfileData.merge(List.of(p1, p2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("incompatible period types");
  }

  @Test
  void mergeOfNothingIsRejected() {
    assertThatThrownBy(() -> ProfileData.merge(List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sampleWithWrongNumberOfValuesIsRejected() {
    assertThatThrownBy(() -> twoValues(1).add(new Sample(A, 1)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("mismatch: sample has 1 values vs. 2 types");
    assertThatThrownBy(() -> twoValues(1).add(new Sample(A, 1, 2, 3)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("mismatch: sample has 3 values vs. 2 types");
  }

  @Test
  void profileWithoutSampleTypesIsRejected() {
    assertThatThrownBy(() -> ProfileData.builder().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("missing sample type information");
  }

  @Test
  void deltaIsAfterMinusBeforeWithTimeOfAfterAndDurationBetween() {
    Stack c = Stack.of(List.of(Frame.of("pd.C", "c", "C.java", 3)));
    ProfileData before =
        twoValues(1_000).durationNanos(7).comment("before").add(new Sample(A, 5, 50)).add(new Sample(B, 2, 20)).build();
    ProfileData after =
        twoValues(31_000)
            .durationNanos(9)
            .comment("after")
            .add(new Sample(A, 8, 80))
            .add(new Sample(B, 2, 20)) // unchanged: disappears
            .add(new Sample(c, 1, 10)) // new
            .build();
    ProfileData d = ProfileData.delta(before, after);
    assertThat(d.samples()).containsExactlyInAnyOrder(new Sample(A, 3, 30), new Sample(c, 1, 10));
    assertThat(d.timeNanos()).isEqualTo(31_000);
    assertThat(d.durationNanos()).isEqualTo(30_000);
    assertThat(d.comments()).containsExactly("after");
    assertThat(d.sampleTypes()).containsExactly(COUNT, DELAY);
  }

  @Test
  void deltaKeepsSamplesThatWentAway() {
    ProfileData before = twoValues(1).add(new Sample(A, 5, 50)).build();
    ProfileData after = twoValues(2).build();
    assertThat(ProfileData.delta(before, after).samples()).containsExactly(new Sample(A, -5, -50));
  }

  @Test
  void deltaOfIncompatibleProfilesIsRejected() {
    ProfileData before = ProfileData.countProfile("goroutine").build();
    ProfileData after = ProfileData.countProfile("threadcreate").build();
    assertThatThrownBy(() -> ProfileData.delta(before, after)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void scaledMinusOneNegatesEveryValueAndKeepsTheRest() {
    ProfileData p =
        twoValues(42)
            .durationNanos(3)
            .comment("c")
            .defaultSampleType("delay")
            .add(sample(A, List.of(Label.of("k", "v")), 1, 10))
            .add(new Sample(B, -2, 0))
            .build();
    ProfileData s = p.scaled(-1);
    assertThat(s.samples())
        .containsExactly(sample(A, List.of(Label.of("k", "v")), -1, -10), new Sample(B, 2, 0));
    assertThat(s.timeNanos()).isEqualTo(42);
    assertThat(s.durationNanos()).isEqualTo(3);
    assertThat(s.comments()).containsExactly("c");
    assertThat(s.defaultSampleType()).isEqualTo("delay");
    assertThat(s.mainBinary()).isEqualTo("app");
    assertThat(p.samples().get(0).value(0)).isEqualTo(1); // original untouched
  }

  @Test
  void countProfileHasCountTypeAndPeriodOne() {
    ProfileData p = ProfileData.countProfile("goroutine").build();
    assertThat(p.sampleTypes()).containsExactly(new ValueType("goroutine", "count"));
    assertThat(p.periodType()).isEqualTo(new ValueType("goroutine", "count"));
    assertThat(p.period()).isEqualTo(1);
    assertThat(p.timeNanos()).isPositive();
  }

  @Test
  void sampleValuesAreDefensivelyCopied() {
    long[] v = {1, 2};
    Sample s = new Sample(A, v, List.of());
    v[0] = 99;
    assertThat(s.value(0)).isEqualTo(1);
    s.values()[1] = 99;
    assertThat(s.value(1)).isEqualTo(2);
  }
}
