package io.jpprof.internal.profile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One pprof sample: a stack, one value per sample type, and labels kept sorted by {@link
 * Label#ORDER} so that equal label sets compare equal.
 */
public record Sample(Stack stack, long[] values, List<Label> labels) {

  public Sample {
    values = values.clone();
    if (labels.size() > 1) {
      List<Label> sorted = new ArrayList<>(labels);
      sorted.sort(Label.ORDER);
      labels = List.copyOf(sorted);
    } else {
      labels = List.copyOf(labels);
    }
  }

  public Sample(Stack stack, long... values) {
    this(stack, values, List.of());
  }

  @Override
  public long[] values() {
    return values.clone();
  }

  /** The value at {@code index}, without copying. */
  public long value(int index) {
    return values[index];
  }

  public int valueCount() {
    return values.length;
  }

  /** What pprof's merge treats as "the same sample": the stack and the labels. */
  public Key key() {
    return new Key(stack, labels);
  }

  /** The merge key of a sample. */
  public record Key(Stack stack, List<Label> labels) {}

  @Override
  public boolean equals(Object o) {
    return o instanceof Sample s
        && s.stack.equals(stack)
        && Arrays.equals(s.values, values)
        && s.labels.equals(labels);
  }

  @Override
  public int hashCode() {
    return stack.hashCode() * 31 + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return Arrays.toString(values) + " " + labels + " @ " + stack;
  }
}
