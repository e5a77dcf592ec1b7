package io.jpprof.internal.profile;

import java.util.Comparator;
import java.util.Objects;

/**
 * A sample label: a string value ({@code state=BLOCKED}) or a number with an optional unit.
 *
 * @param key label key
 * @param str string value, or null for a numeric label
 * @param num numeric value (0 for string labels)
 * @param numUnit unit of {@code num}, or null
 */
public record Label(String key, String str, long num, String numUnit) {
  /** The order labels are kept in: by key, then value. */
  public static final Comparator<Label> ORDER =
      Comparator.comparing(Label::key)
          .thenComparing(l -> l.str == null ? "" : l.str)
          .thenComparingLong(Label::num);

  public Label {
    Objects.requireNonNull(key, "key");
  }

  /** A string label. */
  public static Label of(String key, String value) {
    return new Label(key, Objects.requireNonNull(value, "value"), 0, null);
  }

  /** A numeric label; {@code unit} may be null. */
  public static Label numeric(String key, long value, String unit) {
    return new Label(key, null, value, unit);
  }

  public boolean isString() {
    return str != null;
  }
}
