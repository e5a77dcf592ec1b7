package io.jpprof.internal.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The parts of Go's {@code net/url}, {@code path} and {@code net/http} mux that decide what a
 * pprof client sees: path cleaning (301 redirects), path escaping (index links, Location) and
 * query unescaping.
 */
public final class GoUrl {
  private static final String HEX = "0123456789ABCDEF";

  private GoUrl() {}

  /**
   * The mux's {@code cleanPath}: {@link #clean} of the path rooted at {@code /}, keeping a trailing
   * slash.
   */
  static String cleanPath(String p) {
    if (p.isEmpty()) {
      return "/";
    }
    if (p.charAt(0) != '/') {
      p = "/" + p;
    }
    String np = clean(p);
    if (p.endsWith("/") && !np.equals("/")) {
      np += "/";
    }
    return np;
  }

  /**
   * Go's {@code path.Clean}: collapses {@code //}, drops {@code .} segments and resolves {@code
   * ..}; a rooted path never climbs above {@code /}; the empty result is {@code .}.
   */
  public static String clean(String p) {
    if (p.isEmpty()) {
      return ".";
    }
    boolean rooted = p.charAt(0) == '/';
    Deque<String> out = new ArrayDeque<>();
    int leadingDotDots = 0;
    for (String segment : p.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        if (!out.isEmpty()) {
          out.removeLast();
        } else if (!rooted) {
          leadingDotDots++;
        }
        continue;
      }
      out.addLast(segment);
    }
    StringBuilder b = new StringBuilder(rooted ? "/" : "");
    for (int i = 0; i < leadingDotDots; i++) {
      b.append(i > 0 ? "/" : "").append("..");
    }
    for (String segment : out) {
      if (b.length() > 0 && b.charAt(b.length() - 1) != '/') {
        b.append('/');
      }
      b.append(segment);
    }
    return b.length() == 0 ? "." : b.toString();
  }

  /**
   * {@code url.URL{Path: path, RawQuery: rawQuery}.String()} for a URL without scheme or host: the
   * escaped path, with {@code ./} in front when its first segment contains a colon, then {@code
   * ?rawQuery} when the query is not empty.
   */
  static String relativeUrl(String path, String rawQuery) {
    StringBuilder b = new StringBuilder();
    int slash = path.indexOf('/');
    String firstSegment = slash < 0 ? path : path.substring(0, slash);
    if (firstSegment.contains(":")) {
      b.append("./");
    }
    b.append(escapePath(path));
    if (rawQuery != null && !rawQuery.isEmpty()) {
      b.append('?').append(rawQuery);
    }
    return b.toString();
  }

  /**
   * {@code url.PathEscape}-like escaping in Go's {@code encodePath} mode: unreserved characters
   * and {@code $&+,/:;=@} stay, every other UTF-8 byte becomes {@code %XX}.
   */
  static String escapePath(String path) {
    StringBuilder b = new StringBuilder(path.length());
    for (byte raw : path.getBytes(StandardCharsets.UTF_8)) {
      int c = raw & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "-_.~$&+,/:;=@".indexOf(c) >= 0) {
        b.append((char) c);
      } else {
        b.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xf));
      }
    }
    return b.toString();
  }

  /**
   * Go's {@code url.QueryUnescape}: {@code +} is a space and {@code %XX} a byte; returns null for a
   * malformed escape, as Go's parser then skips the pair.
   */
  static String queryUnescape(String s) {
    if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      byte c = bytes[i];
      if (c == '+') {
        out.write(' ');
      } else if (c == '%') {
        if (i + 2 >= bytes.length) {
          return null;
        }
        int hi = Character.digit(bytes[i + 1], 16);
        int lo = Character.digit(bytes[i + 2], 16);
        if (hi < 0 || lo < 0) {
          return null;
        }
        out.write(hi << 4 | lo);
        i += 2;
      } else {
        out.write(c);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /**
   * Go's {@code url.PathUnescape}: {@code %XX} is a byte, {@code +} stays; returns null for a
   * malformed escape (Go's server then answers 400 Bad Request).
   */
  public static String pathUnescape(String s) {
    return s.indexOf('+') < 0 ? queryUnescape(s) : joinPlus(s);
  }

  private static String joinPlus(String s) {
    StringBuilder b = new StringBuilder();
    for (String part : s.split("\\+", -1)) {
      String u = queryUnescape(part);
      if (u == null) {
        return null;
      }
      b.append(u).append('+');
    }
    return b.substring(0, b.length() - 1);
  }
}
