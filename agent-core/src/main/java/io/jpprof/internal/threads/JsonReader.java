package io.jpprof.internal.threads;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A small streaming JSON reader for the JDK's thread dump. Objects for which {@code isRecord} holds
 * are handed to {@code onRecord} as soon as they are complete and are not kept, so a dump of 100,000
 * threads is read with the memory of one thread.
 */
final class JsonReader {
  private final Reader in;
  private final Predicate<Map<String, Object>> isRecord;
  private final Consumer<Map<String, Object>> onRecord;
  private final char[] buffer = new char[1 << 14];
  private int position;
  private int limit;

  JsonReader(Reader in, Predicate<Map<String, Object>> isRecord, Consumer<Map<String, Object>> onRecord) {
    this.in = in;
    this.isRecord = isRecord;
    this.onRecord = onRecord;
  }

  /** Reads one value; records inside it are delivered and replaced by null. */
  Object read() throws IOException {
    int c = skipSpace();
    switch (c) {
      case '{':
        return object();
      case '[':
        return array();
      case '"':
        return string();
      case 't':
        expect("rue");
        return Boolean.TRUE;
      case 'f':
        expect("alse");
        return Boolean.FALSE;
      case 'n':
        expect("ull");
        return null;
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return number((char) c);
        }
        throw new IOException("unexpected " + (c < 0 ? "end of input" : "'" + (char) c + "'"));
    }
  }

  private Object object() throws IOException {
    Map<String, Object> map = new LinkedHashMap<>();
    if (peekSpace() == '}') {
      next();
    } else {
      do {
        if (skipSpace() != '"') {
          throw new IOException("expected a key");
        }
        String key = string();
        if (skipSpace() != ':') {
          throw new IOException("expected ':'");
        }
        map.put(key, read());
      } while (separator('}'));
    }
    if (isRecord.test(map)) {
      onRecord.accept(map);
      return null;
    }
    return map;
  }

  private List<Object> array() throws IOException {
    List<Object> list = new ArrayList<>();
    if (peekSpace() == ']') {
      next();
      return list;
    }
    do {
      Object v = read();
      if (v != null) {
        list.add(v);
      }
    } while (separator(']'));
    return list;
  }

  private boolean separator(char close) throws IOException {
    int c = skipSpace();
    if (c == ',') {
      return true;
    }
    if (c == close) {
      return false;
    }
    throw new IOException("expected ',' or '" + close + "'");
  }

  private String string() throws IOException {
    StringBuilder b = new StringBuilder();
    for (int c = next(); c != '"'; c = next()) {
      if (c < 0) {
        throw new IOException("unterminated string");
      }
      if (c == '\\') {
        int e = next();
        switch (e) {
          case 'n' -> b.append('\n');
          case 't' -> b.append('\t');
          case 'r' -> b.append('\r');
          case 'b' -> b.append('\b');
          case 'f' -> b.append('\f');
          case 'u' -> {
            char[] hex = new char[4];
            for (int i = 0; i < 4; i++) {
              hex[i] = (char) next();
            }
            b.append((char) Integer.parseInt(new String(hex), 16));
          }
          default -> b.append((char) e);
        }
      } else {
        b.append((char) c);
      }
    }
    return b.toString();
  }

  private Object number(char first) throws IOException {
    StringBuilder b = new StringBuilder().append(first);
    for (int c = peek(); c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E' || (c >= '0' && c <= '9'); c = peek()) {
      b.append((char) next());
    }
    String s = b.toString();
    return s.matches("-?\\d+") ? (Object) Long.parseLong(s) : (Object) Double.parseDouble(s);
  }

  private void expect(String rest) throws IOException {
    for (int i = 0; i < rest.length(); i++) {
      if (next() != rest.charAt(i)) {
        throw new IOException("bad literal");
      }
    }
  }

  private int skipSpace() throws IOException {
    int c;
    do {
      c = next();
    } while (c == ' ' || c == '\n' || c == '\r' || c == '\t');
    return c;
  }

  private int peekSpace() throws IOException {
    int c = peek();
    while (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
      next();
      c = peek();
    }
    return c;
  }

  private int peek() throws IOException {
    if (position == limit) {
      limit = in.read(buffer, 0, buffer.length);
      position = 0;
      if (limit <= 0) {
        limit = 0;
        return -1;
      }
    }
    return buffer[position];
  }

  private int next() throws IOException {
    int c = peek();
    if (c >= 0) {
      position++;
    }
    return c;
  }
}
