package io.jpprof.internal.http;

/**
 * Integer parsing with the exact rules of the Go {@code strconv} functions net/http/pprof uses
 * Failures are reported as Go's callers see them, not as exceptions.
 */
final class GoStrconv {
  private GoStrconv() {}

  /**
   * {@code n, _ := strconv.Atoi(s)}: an optional sign and base-10 digits; anything else is 0. An
   * out-of-range value keeps Go's clamped result (so it stays non-zero with its sign), narrowed to
   * the Java {@code int} range.
   */
  public static int atoi(String s) {
    Long v = parseInt10(s);
    if (v != null) {
      return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    }
    if (!isSignedDigits(s)) {
      return 0;
    }
    return s.charAt(0) == '-' ? Integer.MIN_VALUE : Integer.MAX_VALUE;
  }

  /**
   * {@code strconv.ParseInt(s, 10, 64)}: the value, or null on a syntax or range error.
   */
  static Long parseInt10(String s) {
    if (!isSignedDigits(s)) {
      return null;
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static boolean isSignedDigits(String s) {
    int start = !s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-') ? 1 : 0;
    if (s.length() == start) {
      return false;
    }
    for (int i = start; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code pc, _ := strconv.ParseUint(s, 0, 64)}: {@code 0x}/{@code 0X} hex, {@code 0o}/{@code 0O}
   * or a leading {@code 0} octal, {@code 0b}/{@code 0B} binary, else decimal; underscores allowed
   * between digits. Returns the unsigned 64-bit value, or 0 on a syntax error. An
   * overflow gives Go's {@code 1<<64-1}.
   */
  static long parseUintBase0(String s) {
    if (s.isEmpty()) {
      return 0;
    }
    int base = 10;
    String digits = s;
    if (s.charAt(0) == '0') {
      char prefix = s.length() >= 3 ? Character.toLowerCase(s.charAt(1)) : '0';
      base = prefix == 'x' ? 16 : prefix == 'b' ? 2 : 8;
      digits = s.substring(prefix == 'x' || prefix == 'b' || prefix == 'o' ? 2 : 1);
    }
    boolean underscores = false;
    long value = 0;
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c == '_') {
        underscores = true;
        continue;
      }
      int d = c <= 'z' ? Character.digit(c, base) : -1;
      if (d < 0) {
        return 0;
      }
      if (Long.compareUnsigned(value, Long.divideUnsigned(-1L, base)) > 0) {
        return -1L;
      }
      long next = value * base + d;
      if (Long.compareUnsigned(next, value * base) < 0) {
        return -1L;
      }
      value = next;
    }
    return underscores && !underscoreOk(s) ? 0 : value;
  }

  /** Go's {@code strconv.underscoreOK}: an underscore must sit between digits (a prefix counts). */
  private static boolean underscoreOk(String s) {
    char saw = '^';
    int i = 0;
    boolean hex = false;
    if (s.length() >= 2 && s.charAt(0) == '0' && "xXbBoO".indexOf(s.charAt(1)) >= 0) {
      hex = (s.charAt(1) | 0x20) == 'x';
      i = 2;
      saw = '0';
    }
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c >= '0' && c <= '9') || (hex && "abcdefABCDEF".indexOf(c) >= 0)) {
        saw = '0';
      } else if (c == '_') {
        if (saw != '0') {
          return false;
        }
        saw = '_';
      } else if (saw == '_') {
        return false;
      } else {
        saw = '!';
      }
    }
    return saw != '_';
  }
}
