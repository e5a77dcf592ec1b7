package io.jpprof.internal.labels;

import io.jpprof.internal.profile.Label;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * An immutable set of profiler labels: string keys, one string value each, sorted by key. What
 * {@link io.jpprof.Labels} wraps and what every thread's labels are inside jpprof.
 *
 * <p>What the profiles derive from a set (its pprof labels, its JFR encoding, the agent's copy of
 * it) is made once per set, when first asked for, and kept on it, as is its public wrapper: a set
 * that only enters and leaves scopes stays as small as its pairs and three references. Racing
 * threads may both make a part; each part is immutable or equivalent, so either result will do.
 */
public final class LabelSet {
  /** The set with no labels. */
  public static final LabelSet EMPTY = new LabelSet(new String[0]);

  private static final Comparator<String> KEY_ORDER = Comparator.naturalOrder();

  /** The parts made for the profiles, together: who sees {@code encoded} set sees {@code pprof} set. */
  private static final class Derived {
    List<Label> pprof;
    volatile String encoded;
    Object agent;
  }

  /** key0, value0, key1, value1, …, keys sorted and distinct. */
  private final String[] pairs;
  private volatile Derived derived;
  /** The public {@code io.jpprof.Labels} of this set, so a thread's labels read back as the same object. */
  private Object api;

  private LabelSet(String[] pairs) {
    this.pairs = pairs;
  }

  /**
   * The labels {@code key0, value0, key1, value1, …}, like Go's {@code pprof.Labels}: when a key is
   * given more than once, the last value wins.
   *
   * @throws IllegalArgumentException {@code uneven number of arguments to pprof.Labels}, Go's text
   * @throws NullPointerException when a key or value is null
   */
  public static LabelSet of(String... keyValues) {
    if (keyValues.length % 2 != 0) {
      throw new IllegalArgumentException("uneven number of arguments to pprof.Labels");
    }
    if (keyValues.length == 0) {
      return EMPTY;
    }
    if (sortedAndDistinct(keyValues)) { // the usual case: no map, no sort
      return new LabelSet(keyValues.clone());
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
  public static LabelSet of(Map<String, String> map) {
    String[] keys = map.keySet().toArray(new String[0]);
    if (keys.length == 0) {
      return EMPTY;
    }
    for (String k : keys) {
      Objects.requireNonNull(k, "key");
    }
    Arrays.sort(keys, KEY_ORDER);
    String[] pairs = new String[keys.length * 2];
    for (int i = 0; i < keys.length; i++) {
      pairs[2 * i] = keys[i];
      pairs[2 * i + 1] = Objects.requireNonNull(map.get(keys[i]), "value");
    }
    return new LabelSet(pairs);
  }

  /**
   * These labels with {@code inner}'s added; where both have a key, {@code inner}'s value wins (Go's
   * {@code WithLabels}). Returns {@code this} or {@code inner} itself when the other is empty.
   */
  public LabelSet with(LabelSet inner) {
    // EMPTY is the only empty set: entering a scope on a thread without labels reads no pairs
    if (this == EMPTY) {
      return inner;
    }
    if (inner == EMPTY || inner == this) {
      return this;
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
    return new LabelSet(n == merged.length ? merged : Arrays.copyOf(merged, n));
  }

  /** The value of {@code key}, or null when there is none. */
  public String get(String key) {
    for (int i = 0; i < pairs.length; i += 2) {
      if (pairs[i].equals(key)) {
        return pairs[i + 1];
      }
    }
    return null;
  }

  /** Calls {@code action} with each key and value, in key order. */
  public void forEach(BiConsumer<String, String> action) {
    for (int i = 0; i < pairs.length; i += 2) {
      action.accept(pairs[i], pairs[i + 1]);
    }
  }

  /** The keys and values in key order: key0, value0, key1, value1, … (a copy). */
  public String[] keyValues() {
    return pairs.clone();
  }

  /** The number of labels. */
  public int size() {
    return pairs.length / 2;
  }

  public boolean isEmpty() {
    return pairs.length == 0;
  }

  /** The labels as pprof string labels, sorted by key; made once per set. */
  public List<Label> pprofLabels() {
    return derived().pprof;
  }

  /** The encoding a {@link LabelEvent} carries ({@link #decode} reads it); made once per set. */
  String encoded() {
    return derived().encoded;
  }

  private Derived derived() {
    Derived d = memo();
    if (d.encoded == null) {
      List<Label> pprof = new ArrayList<>(size());
      StringBuilder encoded = new StringBuilder();
      forEach((k, v) -> {
        pprof.add(Label.of(k, v));
        encoded.append(k.length()).append(':').append(k).append(v.length()).append(':').append(v);
      });
      d.pprof = Collections.unmodifiableList(pprof);
      d.encoded = encoded.toString();
    }
    return d;
  }

  private Derived memo() {
    Derived d = derived;
    if (d == null) {
      d = new Derived();
      derived = d;
    }
    return d;
  }

  /** The labels of {@link #encoded}'s text. */
  static List<Label> decode(String encoded) {
    List<Label> out = new ArrayList<>();
    int i = 0;
    String key = null;
    while (i < encoded.length()) {
      int colon = encoded.indexOf(':', i);
      int n = Integer.parseInt(encoded, i, colon, 10);
      String s = encoded.substring(colon + 1, colon + 1 + n);
      i = colon + 1 + n;
      if (key == null) {
        key = s;
      } else {
        out.add(Label.of(key, s));
        key = null;
      }
    }
    return Collections.unmodifiableList(out);
  }

  /** The agent's copy of this set (see {@link io.jpprof.internal.AgentLink}), or null before it is made. */
  Object agent() {
    return memo().agent;
  }

  void agent(Object agentLabels) {
    memo().agent = agentLabels;
  }

  /**
   * The public wrapper kept by {@link #api(Object)}, or null. Only {@code io.jpprof.Labels} calls
   * these two, so that the labels a thread reads back are the object it entered them with.
   */
  public Object api() {
    return api;
  }

  /** Keeps {@code wrapper} (immutable, its set being this one) as this set's public form. */
  public void api(Object wrapper) {
    api = wrapper;
  }

  @Override
  public boolean equals(Object o) {
    return o == this || (o instanceof LabelSet l && Arrays.equals(l.pairs, pairs));
  }

  /** Not kept: each string keeps its own hash, and one more field would grow every merged set. */
  @Override
  public int hashCode() {
    return Arrays.hashCode(pairs);
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
