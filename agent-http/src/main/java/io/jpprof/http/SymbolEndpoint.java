package io.jpprof.http;

import io.jpprof.internal.profile.Addresses;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Methods;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code <prefix>/symbol}: maps program counters to function names for pprof's remote
 * symbolization (spec §2.5). Input is the POST body, else the raw query; counters are separated by
 * {@code +} and parsed like Go's {@code strconv.ParseUint(s, 0, 64)}. The answer is always 200:
 * {@code num_symbols: 1}, then {@code 0x<hex> <function>} per known counter; zero and unknown
 * counters are skipped.
 */
final class SymbolEndpoint implements Endpoint {
  /** Largest POST body read; the rest is left unread, as a flood must not exhaust memory. */
  static final int MAX_BODY = 1 << 20;

  /** Go reads words through a 4096-byte bufio.Reader; a longer word ends the input. */
  private static final int MAX_WORD = 4096;

  @Override
  public List<String> methods() {
    return List.of("GET", "HEAD", "POST");
  }

  @Override
  public void serve(HttpServerExchange exchange, String name, Query query) {
    StringBuilder out = new StringBuilder("num_symbols: 1\n");
    String input;
    String readError = null;
    if (Methods.POST.equals(exchange.getRequestMethod())) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      try {
        readError = readBody(exchange.getInputStream(), body);
      } catch (IOException e) {
        readError = e.toString();
      }
      input = body.toString(StandardCharsets.ISO_8859_1);
    } else {
      String raw = exchange.getQueryString();
      input = raw == null ? "" : raw;
    }
    readError = symbolize(input, out, readError);
    if (readError != null) {
      out.append("reading request: ").append(readError).append('\n');
    }
    GoResponses.send(exchange, 200, GoResponses.TEXT, GoResponses.utf8(out.toString()));
  }

  /** Appends a line per known counter in {@code input}; returns the read error, if any, to report. */
  private static String symbolize(String input, StringBuilder out, String readError) {
    int start = 0;
    while (true) {
      int plus = input.indexOf('+', start);
      int end = plus < 0 ? input.length() : plus;
      if (end - start > MAX_WORD) {
        return "bufio: buffer full";
      }
      long pc = GoStrconv.parseUintBase0(input.substring(start, end));
      String function = pc == 0 ? null : Addresses.functionAt(pc);
      if (function != null) {
        out.append("0x").append(Long.toHexString(pc)).append(' ').append(function).append('\n');
      }
      if (plus < 0) {
        return readError;
      }
      start = plus + 1;
    }
  }

  /** Reads at most {@link #MAX_BODY} bytes; returns Go's error text when the body was longer. */
  private static String readBody(InputStream in, ByteArrayOutputStream body) throws IOException {
    byte[] buf = new byte[8192];
    int n;
    while ((n = in.read(buf, 0, Math.min(buf.length, MAX_BODY + 1 - body.size()))) > 0) {
      body.write(buf, 0, n);
      if (body.size() > MAX_BODY) {
        return "http: request body too large";
      }
    }
    return null;
  }
}
