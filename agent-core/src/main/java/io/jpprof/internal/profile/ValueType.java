package io.jpprof.internal.profile;

import java.util.Objects;

/** The meaning of one sample value, such as {@code goroutine/count} or {@code cpu/nanoseconds}. */
public record ValueType(String type, String unit) {
  public ValueType {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(unit, "unit");
  }

  @Override
  public String toString() {
    return type + "/" + unit;
  }
}
