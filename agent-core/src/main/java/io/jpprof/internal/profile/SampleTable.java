package io.jpprof.internal.profile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sums values per (stack, labels), the way pprof merges samples. A table built with a cap on
 * distinct keys stays bounded: once full, values for new keys are not stored but counted in
 * {@link #dropped()}, so a long-running process never grows without limit and says what it lost.
 *
 * <p>Not thread-safe; callers synchronize.
 */
public final class SampleTable {
  private final int valueCount;
  private final int maxKeys;
  private final Map<Sample.Key, long[]> sums = new LinkedHashMap<>();
  private long dropped;

  /** An unbounded table of samples with {@code valueCount} values each. */
  public SampleTable(int valueCount) {
    this(valueCount, Integer.MAX_VALUE);
  }

  /** A table that keeps at most {@code maxKeys} distinct (stack, labels) keys. */
  public SampleTable(int valueCount, int maxKeys) {
    this.valueCount = valueCount;
    this.maxKeys = maxKeys;
  }

  /** Adds {@code values} to the sum for (stack, labels); labels may be in any order. */
  public void add(Stack stack, List<Label> labels, long... values) {
    add(new Sample(stack, values, labels));
  }

  /** Adds a sample's values to the sum for its key. */
  public void add(Sample sample) {
    if (sample.valueCount() != valueCount) {
      throw new IllegalArgumentException(
          "sample has " + sample.valueCount() + " values vs. " + valueCount + " types");
    }
    long[] sum = sums.get(sample.key());
    if (sum == null) {
      if (sums.size() >= maxKeys) {
        dropped++;
        return;
      }
      sum = new long[valueCount];
      sums.put(sample.key(), sum);
    }
    for (int i = 0; i < valueCount; i++) {
      sum[i] += sample.value(i);
    }
  }

  /** How many samples were not stored because the table was full. */
  public long dropped() {
    return dropped;
  }

  /** Number of distinct keys stored. */
  public int size() {
    return sums.size();
  }

  /** The summed samples, in first-seen order, without those whose values are all zero. */
  public List<Sample> samples() {
    List<Sample> out = new ArrayList<>(sums.size());
    for (Map.Entry<Sample.Key, long[]> e : sums.entrySet()) {
      if (!allZero(e.getValue())) {
        out.add(new Sample(e.getKey().stack(), e.getValue(), e.getKey().labels()));
      }
    }
    return out;
  }

  private static boolean allZero(long[] values) {
    for (long v : values) {
      if (v != 0) {
        return false;
      }
    }
    return true;
  }
}
