package io.jpprof.internal.http;

import io.jpprof.internal.profile.Addresses;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code <prefix>/symbol}: maps program counters to function names for pprof's remote
 * symbolization (Go's {@code pprof.Symbol}). Input is the POST body, else the raw query; counters are separated by
 * {@code +} and parsed like Go's {@code strconv.ParseUint(s, 0, 64)}. The answer is always 200:
 * {@code num_symbols: 1}, then {@code 0x<hex> <function>} per known counter; zero and unknown
 * counters are skipped.
 *
 * <p>The body is read as a stream, one counter at a time, as Go reads it through a 4096-byte
 * {@code bufio.Reader}: a longer word ends the input with {@code reading request: bufio: buffer
 * full}. Bounded: beyond {@link #MAX_BODY} bytes the rest is left unread and the answer ends with
 * {@code reading request: http: request body too large}.
 */
final class SymbolEndpoint implements Endpoint {
  /** Largest POST body read (Go reads any; this bounds the time a client can hold a thread). */
  static final int MAX_BODY = 4 << 20;

  /** Go reads words through a 4096-byte bufio.Reader; a longer word ends the input. */
  private static final int MAX_WORD = 4096;

  @Override
  public List<String> methods() {
    return List.of("GET", "HEAD", "POST");
  }

  @Override
  public void serve(Exchange exchange, String name, Query query) {
    StringBuilder out = new StringBuilder("num_symbols: 1\n");
    String readError;
    try {
      InputStream in;
      if (exchange.method().equals("POST")) {
        in = exchange.requestBody();
      } else {
        String raw = exchange.rawQuery();
        in = new ByteArrayInputStream((raw == null ? "" : raw).getBytes(StandardCharsets.ISO_8859_1));
      }
      readError = symbolize(in, out);
    } catch (IOException e) {
      readError = e.toString();
    }
    if (readError != null) {
      out.append("reading request: ").append(readError).append('\n');
    }
    GoResponses.send(exchange, 200, GoResponses.TEXT, GoResponses.utf8(out.toString()));
  }

  /** Appends a line per known counter; returns the read error to report, if any. */
  private static String symbolize(InputStream in, StringBuilder out) throws IOException {
    byte[] buf = new byte[8192];
    StringBuilder word = new StringBuilder();
    long total = 0;
    int n;
    while ((n = in.read(buf)) > 0) {
      total += n;
      for (int i = 0; i < n; i++) {
        char c = (char) (buf[i] & 0xff);
        if (c == '+') {
          lookup(word, out);
        } else if (word.length() == MAX_WORD) {
          return "bufio: buffer full";
        } else {
          word.append(c);
        }
      }
      if (total > MAX_BODY) {
        return "http: request body too large";
      }
    }
    lookup(word, out);
    return null;
  }

  private static void lookup(StringBuilder word, StringBuilder out) {
    long pc = GoStrconv.parseUintBase0(word.toString());
    word.setLength(0);
    String function = pc == 0 ? null : Addresses.functionAt(pc);
    if (function != null) {
      out.append("0x").append(Long.toHexString(pc)).append(' ').append(function).append('\n');
    }
  }
}
