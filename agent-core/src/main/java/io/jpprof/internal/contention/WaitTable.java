package io.jpprof.internal.contention;

import io.jpprof.internal.profile.Label;
import io.jpprof.internal.profile.Sample;
import io.jpprof.internal.profile.SampleTable;
import io.jpprof.internal.profile.Stack;
import java.util.List;

/**
 * Accumulated waits of one profile since start: {@code contentions/count} and {@code
 * delay/nanoseconds} per (stack, labels), in a table bounded at {@value #MAX_STACKS} distinct keys
 * (waits beyond it are counted in {@link #dropped()}).
 */
final class WaitTable {
  static final int MAX_STACKS = 20_000;

  private final SampleTable table = new SampleTable(2, MAX_STACKS);

  synchronized void add(Stack stack, List<Label> labels, long delayNanos) {
    table.add(stack, labels, 1, delayNanos);
  }

  synchronized List<Sample> samples() {
    return table.samples();
  }

  synchronized int size() {
    return table.size();
  }

  synchronized long dropped() {
    return table.dropped();
  }
}
