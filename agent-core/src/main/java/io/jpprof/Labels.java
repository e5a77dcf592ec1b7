package io.jpprof;

import io.jpprof.internal.labels.LabelSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * An immutable set of profiler labels, the counterpart of Go's {@code pprof.LabelSet}: string keys,
 * one string value each, kept sorted by key. Build one once and reuse it (a route's labels, a
 * tenant's): entering {@link Profile#doWithLabels(Labels, Runnable)} with a prebuilt set on a thread
 * that has no labels allocates nothing.
 *
 * <pre>{@code
 * static final Labels CHECKOUT = Labels.of("route", "/checkout");
 *
 * Profile.doWithLabels(CHECKOUT, () -> handle(request));
 * }</pre>
 */
public final class Labels {
  /** The set with no labels. */
  public static final Labels EMPTY = wrap(LabelSet.EMPTY);

  private final LabelSet set;

  private Labels(LabelSet set) {
    this.set = set;
  }

  /**
   * The public form of {@code set}: the same object each time, so a thread's labels read back as
   * the {@code Labels} it entered them with.
   */
  static Labels wrap(LabelSet set) {
    if (set.api() instanceof Labels l) {
      return l;
    }
    Labels l = new Labels(set);
    set.api(l);
    return l;
  }

  /** The set inside, what jpprof's internals work with. */
  LabelSet set() {
    return set;
  }

  /**
   * The labels {@code key0, value0, key1, value1, …}, like Go's {@code pprof.Labels}: when a key is
   * given more than once, the last value wins.
   *
   * @throws IllegalArgumentException {@code uneven number of arguments to pprof.Labels}, Go's text
   * @throws NullPointerException when a key or value is null
   */
  public static Labels of(String... keyValues) {
    return wrap(LabelSet.of(keyValues));
  }

  /** The labels of {@code map}. */
  public static Labels of(Map<String, String> map) {
    return wrap(LabelSet.of(map));
  }

  /**
   * These labels with {@code inner}'s added; where both have a key, {@code inner}'s value wins (Go's
   * {@code WithLabels}). Returns {@code this} or {@code inner} itself when the other is empty.
   */
  public Labels with(Labels inner) {
    return wrap(set.with(inner.set));
  }

  /** The value of {@code key}, or null when there is none (Go's {@code pprof.Label}). */
  public String get(String key) {
    return set.get(key);
  }

  /** Calls {@code action} with each key and value, in key order (Go's {@code ForLabels}). */
  public void forEach(BiConsumer<String, String> action) {
    set.forEach(action);
  }

  /** The labels as an unmodifiable map in key order. */
  public Map<String, String> asMap() {
    Map<String, String> map = new LinkedHashMap<>();
    forEach(map::put);
    return Collections.unmodifiableMap(map);
  }

  /** The number of labels. */
  public int size() {
    return set.size();
  }

  public boolean isEmpty() {
    return set.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o == this || (o instanceof Labels l && l.set.equals(set));
  }

  @Override
  public int hashCode() {
    return set.hashCode();
  }

  /** Go's form: {@code {"route":"/checkout", "tenant":"7"}}. */
  @Override
  public String toString() {
    return set.toString();
  }
}
