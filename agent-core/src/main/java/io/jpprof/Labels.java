package io.jpprof;

import io.jpprof.internal.labels.LabelScopes;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
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
  public static final Labels EMPTY = new Labels(new String[0]);

  private static final Comparator<String> KEY_ORDER = Comparator.naturalOrder();

  static {
    LabelScopes.install(new LabelScopes.Access() {
      @Override
      public Object cache(Labels labels) {
        return labels.cache;
      }

      @Override
      public void cache(Labels labels, Object value) {
        labels.cache = value;
      }
    });
  }

  /** key0, value0, key1, value1, …, keys sorted and distinct. */
  private final String[] pairs;
  private int hash;
  /** What jpprof's profiles derive from this set (pprof labels, the JFR encoding), made once. */
  private volatile Object cache;

  private Labels(String[] pairs) {
    this.pairs = pairs;
  }

  /**
   * The labels {@code key0, value0, key1, value1, …}, like Go's {@code pprof.Labels}: when a key is
   * given more than once, the last value wins.
   *
   * @throws IllegalArgumentException {@code uneven number of arguments to pprof.Labels}, Go's text
   * @throws NullPointerException when a key or value is null
   */
  public static Labels of(String... keyValues) {
    if (keyValues.length % 2 != 0) {
      throw new IllegalArgumentException("uneven number of arguments to pprof.Labels");
    }
    if (keyValues.length == 0) {
      return EMPTY;
    }
    if (sortedAndDistinct(keyValues)) { // the usual case: no map, no sort
      return new Labels(keyValues.clone());
    }
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put(Objects.requireNonNull(keyValues[i], "key"), Objects.requireNonNull(keyValues[i + 1], "value"));
    }
    return of(map);
  }

  /** True when the keys are in order without repeats; throws on a null key or value. */
  private static boolean sortedAndDistinct(String[] keyValues) {
    boolean sorted = true;
    for (int i = 0; i < keyValues.length; i += 2) {
      Objects.requireNonNull(keyValues[i], "key");
      Objects.requireNonNull(keyValues[i + 1], "value");
      if (i > 0 && KEY_ORDER.compare(keyValues[i - 2], keyValues[i]) >= 0) {
        sorted = false;
      }
    }
    return sorted;
  }

  /** The labels of {@code map}. */
  public static Labels of(Map<String, String> map) {
    if (map.isEmpty()) {
      return EMPTY;
    }
    String[] keys = map.keySet().toArray(new String[0]);
    for (String k : keys) {
      Objects.requireNonNull(k, "key");
    }
    Arrays.sort(keys, KEY_ORDER);
    String[] pairs = new String[keys.length * 2];
    for (int i = 0; i < keys.length; i++) {
      pairs[2 * i] = keys[i];
      pairs[2 * i + 1] = Objects.requireNonNull(map.get(keys[i]), "value");
    }
    return new Labels(pairs);
  }

  /**
   * These labels with {@code inner}'s added; where both have a key, {@code inner}'s value wins (Go's
   * {@code WithLabels}). Returns {@code this} or {@code inner} itself when the other is empty.
   */
  public Labels with(Labels inner) {
    if (inner.pairs.length == 0 || inner == this) {
      return this;
    }
    if (pairs.length == 0) {
      return inner;
    }
    String[] merged = new String[pairs.length + inner.pairs.length];
    int i = 0;
    int j = 0;
    int n = 0;
    while (i < pairs.length || j < inner.pairs.length) {
      int c = i == pairs.length ? 1 : j == inner.pairs.length ? -1 : KEY_ORDER.compare(pairs[i], inner.pairs[j]);
      if (c < 0) {
        merged[n++] = pairs[i++];
        merged[n++] = pairs[i++];
      } else {
        if (c == 0) {
          i += 2;
        }
        merged[n++] = inner.pairs[j++];
        merged[n++] = inner.pairs[j++];
      }
    }
    return new Labels(n == merged.length ? merged : Arrays.copyOf(merged, n));
  }

  /** The value of {@code key}, or null when there is none (Go's {@code pprof.Label}). */
  public String get(String key) {
    for (int i = 0; i < pairs.length; i += 2) {
      if (pairs[i].equals(key)) {
        return pairs[i + 1];
      }
    }
    return null;
  }

  /** Calls {@code action} with each key and value, in key order (Go's {@code ForLabels}). */
  public void forEach(BiConsumer<String, String> action) {
    for (int i = 0; i < pairs.length; i += 2) {
      action.accept(pairs[i], pairs[i + 1]);
    }
  }

  /** The labels as an unmodifiable map in key order. */
  public Map<String, String> asMap() {
    Map<String, String> map = new LinkedHashMap<>();
    forEach(map::put);
    return Collections.unmodifiableMap(map);
  }

  /** The number of labels. */
  public int size() {
    return pairs.length / 2;
  }

  public boolean isEmpty() {
    return pairs.length == 0;
  }

  @Override
  public boolean equals(Object o) {
    return o == this || (o instanceof Labels l && Arrays.equals(l.pairs, pairs));
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = Arrays.hashCode(pairs);
      hash = h;
    }
    return h;
  }

  /** Go's form: {@code {"route":"/checkout", "tenant":"7"}}. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("{");
    for (int i = 0; i < pairs.length; i += 2) {
      if (i > 0) {
        b.append(", ");
      }
      quote(b, pairs[i]).append(':');
      quote(b, pairs[i + 1]);
    }
    return b.append('}').toString();
  }

  private static StringBuilder quote(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format("\\x%02x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"');
  }
}
