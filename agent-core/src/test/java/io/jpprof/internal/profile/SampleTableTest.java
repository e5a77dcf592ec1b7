package io.jpprof.internal.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SampleTableTest {
  private static Stack stack(int i) {
    return Stack.of(List.of(Frame.of("st.S", "m" + i, "S.java", i)));
  }

  @Test
  void capOnDistinctKeysCountsWhatIsDropped() {
    SampleTable t = new SampleTable(1, 2);
    t.add(stack(1), List.of(), 1);
    t.add(stack(2), List.of(), 1);
    t.add(stack(3), List.of(), 1); // dropped
    t.add(stack(1), List.of(), 5); // existing key: still summed
    t.add(stack(2), List.of(Label.of("k", "v")), 1); // new key (labels differ): dropped
    t.add(stack(4), List.of(), 1); // dropped
    assertThat(t.size()).isEqualTo(2);
    assertThat(t.dropped()).isEqualTo(3);
    assertThat(t.samples()).containsExactly(new Sample(stack(1), 6), new Sample(stack(2), 1));
  }

  @Test
  void unboundedTableKeepsEverythingInFirstSeenOrder() {
    SampleTable t = new SampleTable(2);
    for (int i = 10; i > 0; i--) {
      t.add(stack(i), List.of(), i, 1);
    }
    t.add(stack(10), List.of(), 1, 1);
    assertThat(t.dropped()).isZero();
    assertThat(t.size()).isEqualTo(10);
    assertThat(t.samples().get(0)).isEqualTo(new Sample(stack(10), 11, 2));
    assertThat(t.samples().get(9)).isEqualTo(new Sample(stack(1), 1, 1));
  }

  @Test
  void labelOrderDoesNotMatter() {
    SampleTable t = new SampleTable(1);
    t.add(stack(1), List.of(Label.of("a", "1"), Label.of("b", "2")), 1);
    t.add(stack(1), List.of(Label.of("b", "2"), Label.of("a", "1")), 1);
    assertThat(t.size()).isEqualTo(1);
    assertThat(t.samples().get(0).value(0)).isEqualTo(2);
    assertThat(t.samples().get(0).labels()).containsExactly(Label.of("a", "1"), Label.of("b", "2"));
  }

  @Test
  void allZeroSumsAreLeftOutButStillOccupyAKey() {
    SampleTable t = new SampleTable(2, 1);
    t.add(stack(1), List.of(), 3, 0);
    t.add(stack(1), List.of(), -3, 0);
    assertThat(t.samples()).isEmpty();
    assertThat(t.size()).isEqualTo(1);
    t.add(stack(2), List.of(), 1, 1);
    assertThat(t.dropped()).isEqualTo(1);
  }

  @Test
  void wrongNumberOfValuesIsRejected() {
    SampleTable t = new SampleTable(2);
    assertThatThrownBy(() -> t.add(stack(1), List.of(), 1)).isInstanceOf(IllegalArgumentException.class);
  }
}
