package io.jpprof.internal.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The value grammars of {@code io.jpprof.PprofConfig}: each parser returns the value or throws
 * IllegalArgumentException whose message says what a good value looks like.
 */
public final class ConfigValues {
  /** The always-on collectors, by the name {@code collectors} uses. */
  public static final Set<String> COLLECTORS = Set.of("heap", "block", "mutex", "threadcreate");

  private static final Pattern HISTORY_PART = Pattern.compile("(\\d{1,6})([hms])");

  private ConfigValues() {}

  /** Splits {@code key=value,key=value}; a piece without '=' continues the previous value. */
  public static Map<String, String> parseAgentArgs(String args) {
    Map<String, String> out = new LinkedHashMap<>();
    if (args == null || args.isBlank()) {
      return out;
    }
    String last = null;
    for (String piece : args.split(",", -1)) {
      int eq = piece.indexOf('=');
      if (piece.isBlank()) {
        continue;
      }
      if (eq > 0) {
        last = piece.substring(0, eq).trim();
        out.put(last, piece.substring(eq + 1));
      } else if (last != null) {
        out.put(last, out.get(last) + "," + piece);
      } else {
        out.put(piece.trim(), "");
      }
    }
    return out;
  }

  /** {@code true} or {@code false}, any case. */
  public static boolean bool(String v) {
    if (v.equalsIgnoreCase("true")) {
      return true;
    }
    if (v.equalsIgnoreCase("false")) {
      return false;
    }
    throw new IllegalArgumentException("not true or false");
  }

  /** 0 to 65535. */
  public static int port(String v) {
    try {
      int p = Integer.parseInt(v);
      if (p >= 0 && p <= 65535) {
        return p;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new IllegalArgumentException("not a port number (0 to 65535; 0 picks a free port)");
  }

  /** A clean path beginning with {@code /}; returned without its trailing slash ({@code /} stays). */
  public static String path(String v) {
    if (!v.startsWith("/")) {
      throw new IllegalArgumentException("the path must begin with /");
    }
    String p = v.replaceAll("/+$", "");
    for (String segment : p.isEmpty() ? new String[0] : p.substring(1).split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException("the path must be clean (no //, . or .. segments)");
      }
    }
    return p.isEmpty() ? "/" : p;
  }

  /** Go-style durations as the collectors read them: 10ms, 500us, 100ns, 1.5s, a bare number is ms, -1 is off. */
  public static Duration duration(String v) {
    String s = v.trim().toLowerCase(Locale.ROOT);
    try {
      if (s.startsWith("-")) {
        duration(s.substring(1)); // still a number
        return Duration.ofNanos(-1);
      }
      if (s.endsWith("ms")) {
        return Duration.ofNanos((long) (Double.parseDouble(s.substring(0, s.length() - 2)) * 1e6));
      }
      if (s.endsWith("us") || s.endsWith("µs")) {
        return Duration.ofNanos((long) (Double.parseDouble(s.substring(0, s.length() - 2)) * 1e3));
      }
      if (s.endsWith("ns")) {
        return Duration.ofNanos(Long.parseLong(s.substring(0, s.length() - 2)));
      }
      if (s.endsWith("s")) {
        return Duration.ofNanos((long) (Double.parseDouble(s.substring(0, s.length() - 1)) * 1e9));
      }
      return Duration.ofMillis(Long.parseLong(s));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a duration (e.g. 10ms, 500us, 1s; -1 turns it off)");
    }
  }

  /** Names from {@link #COLLECTORS} separated by commas, {@code +} or spaces; {@code none} or empty for none. */
  public static Set<String> collectorSet(String v) {
    if (v.isBlank() || v.trim().equalsIgnoreCase("none")) {
      return Set.of();
    }
    Set<String> out = new LinkedHashSet<>();
    List<String> unknown = new ArrayList<>();
    for (String name : v.split("[,+ ]+")) {
      String n = name.trim().toLowerCase(Locale.ROOT);
      if (COLLECTORS.contains(n)) {
        out.add(n);
      } else if (!n.isEmpty()) {
        unknown.add(name.trim());
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown collector " + String.join(", ", unknown)
          + " (known: heap, block, mutex, threadcreate, or none)");
    }
    return Collections.unmodifiableSet(out);
  }

  /**
   * How much history to keep: a Go duration of hours, minutes and seconds ({@code 10m}, {@code
   * 1h30m}, {@code 90s}), from 10 s to 24 h; {@code off} or {@code 0} for none (null).
   */
  public static Duration history(String v) {
    String s = v.trim().toLowerCase(Locale.ROOT);
    if (s.isEmpty() || s.equals("off") || s.equals("0")) {
      return null;
    }
    Matcher m = HISTORY_PART.matcher(s);
    Duration d = Duration.ZERO;
    int end = 0;
    while (end < s.length() && m.region(end, s.length()).lookingAt()) {
      long n = Long.parseLong(m.group(1));
      String unit = m.group(2);
      d = d.plus(unit.equals("h") ? Duration.ofHours(n) : unit.equals("m") ? Duration.ofMinutes(n) : Duration.ofSeconds(n));
      end = m.end();
    }
    if (end != s.length() || d.compareTo(Duration.ofSeconds(10)) < 0 || d.compareTo(Duration.ofHours(24)) > 0) {
      throw new IllegalArgumentException("not a history length (10m, 1h, 90s: from 10s to 24h; off for none)");
    }
    return d;
  }
}
