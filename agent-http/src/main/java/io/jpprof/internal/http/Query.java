package io.jpprof.internal.http;

import io.jpprof.internal.profile.ProfileView;
import java.util.HashMap;
import java.util.Map;

/**
 * The URL query of a request as Go's {@code r.FormValue} reads it: pairs split on {@code &}, a pair
 * holding {@code ;} or a malformed escape ignored, only the first value of a repeated key kept,
 * absent keys read as the empty string.
 */
public final class Query {
  private final Map<String, String> first = new HashMap<>();

  private Query() {}

  /** Parses a raw (still escaped) query string, without the {@code ?}. */
  public static Query parse(String rawQuery) {
    Query q = new Query();
    if (rawQuery == null) {
      return q;
    }
    for (String pair : rawQuery.split("&", -1)) {
      if (pair.isEmpty() || pair.indexOf(';') >= 0) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = GoUrl.queryUnescape(eq < 0 ? pair : pair.substring(0, eq));
      String value = GoUrl.queryUnescape(eq < 0 ? "" : pair.substring(eq + 1));
      if (key != null && value != null) {
        q.first.putIfAbsent(key, value);
      }
    }
    return q;
  }

  /** The first value of {@code key}, or the empty string. */
  public String get(String key) {
    return first.getOrDefault(key, "");
  }

  /**
   * A window length as Go's CPU profile handler reads {@code seconds}: {@code strconv.ParseInt}
   * base 10, and anything unparsable, zero or negative means {@code fallback}.
   */
  public long seconds(long fallback) {
    Long seconds = GoStrconv.parseInt10(get("seconds"));
    return seconds == null || seconds <= 0 ? fallback : seconds;
  }

  /** Whether {@code history} asks for a window that has already passed ({@code history=1}). */
  public boolean history() {
    return GoStrconv.atoi(get("history")) > 0;
  }

  /**
   * The view asked for: {@code bythread=1} puts each thread at the root of its stacks, {@code
   * types=1} each allocated or locked class at the leaf (read as {@code strconv.Atoi}, greater than
   * 0 means yes).
   */
  public ProfileView view() {
    return new ProfileView(GoStrconv.atoi(get("bythread")) > 0, GoStrconv.atoi(get("types")) > 0);
  }

  /** {@code hz} as Go reads it ({@code strconv.Atoi}, 0 when absent or malformed). */
  public int hz() {
    return GoStrconv.atoi(get("hz"));
  }
}
