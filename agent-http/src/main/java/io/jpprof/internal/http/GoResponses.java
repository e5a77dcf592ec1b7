package io.jpprof.internal.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The responses Go's net/http and net/http/pprof write, each exactly once here: pprof's {@code
 * serveError}, {@code http.Error}, {@code http.NotFound}, the mux's 301 redirect and 405, and the
 * plain send every handler ends with.
 *
 * <p>Bodies are complete byte arrays: the length is known, HEAD gets the same headers (with
 * {@code Content-Length}) and no body, and a client that went away only costs a debug log line.
 */
public final class GoResponses {
  static final String TEXT = "text/plain; charset=utf-8";
  static final String HTML = "text/html; charset=utf-8";
  static final String BINARY = "application/octet-stream";

  private static final Logger log = LoggerFactory.getLogger(GoResponses.class);

  private GoResponses() {}

  /**
   * pprof's {@code serveError}: {@code text/plain}, {@code X-Go-Pprof: 1} (so {@code go tool
   * pprof} prints the message), no {@code Content-Disposition}, the status, and the message plus a
   * newline.
   */
  public static void serveError(Exchange exchange, int status, String message) {
    exchange.setHeader("X-Go-Pprof", "1");
    send(exchange, status, TEXT, utf8(message + "\n"));
  }

  /** {@code http.Error}: {@code text/plain}, nosniff, the status, the message plus a newline. */
  public static void error(Exchange exchange, int status, String message) {
    send(exchange, status, TEXT, utf8(message + "\n"));
  }

  /** {@code http.NotFound}: 404 {@code 404 page not found}. */
  static void notFound(Exchange exchange) {
    error(exchange, 404, "404 page not found");
  }

  /** The mux's answer to a method no pattern accepts: 405 with {@code Allow}. */
  static void methodNotAllowed(Exchange exchange, String allow) {
    exchange.setHeader("Allow", allow);
    error(exchange, 405, "Method Not Allowed");
  }

  /**
   * {@code http.Redirect(w, r, location, 301)}: GET gets Go's small HTML body, HEAD its content
   * type, other methods neither; no {@code X-Content-Type-Options}, as in Go.
   */
  static void movedPermanently(Exchange exchange, String location) {
    exchange.setHeader("Location", location);
    String method = exchange.method();
    if (method.equals("GET") || method.equals("HEAD")) {
      String body = "<a href=\"" + htmlEscape(location) + "\">Moved Permanently</a>.\n\n";
      write(exchange, 301, HTML, false, utf8(body));
    } else {
      write(exchange, 301, null, false, new byte[0]);
    }
  }

  /**
   * Sets the content type (when not null), nosniff and the length, then writes {@code body} unless
   * the request is HEAD, and ends the exchange.
   */
  public static void send(Exchange exchange, int status, String contentType, byte[] body) {
    write(exchange, status, contentType, true, body);
  }

  private static void write(Exchange exchange, int status, String contentType, boolean nosniff, byte[] body) {
    if (contentType != null) {
      exchange.setHeader("Content-Type", contentType);
    }
    if (nosniff) {
      exchange.setHeader("X-Content-Type-Options", "nosniff");
    }
    try {
      OutputStream out = exchange.commit(status, body.length);
      if (!isHead(exchange)) {
        out.write(body);
      }
      out.flush();
    } catch (IOException e) {
      log.debug("pprof: response to {} not delivered: {}", exchange.path(), e.toString());
    }
    exchange.finish();
  }

  /**
   * What Go's server itself writes for a request it cannot parse: the text without newline, no
   * nosniff, and {@code Connection: close}; with a null content type, an empty 200 ({@code OPTIONS
   * *}).
   */
  static void plain(Exchange exchange, int status, String contentType, String body) {
    if (status >= 400) {
      exchange.setHeader("Connection", "close");
    }
    write(exchange, status, contentType, false, utf8(body));
  }

  /**
   * Starts a 200 attachment of unknown length ({@code application/octet-stream}, nosniff, {@code
   * Content-Disposition: attachment; filename="<filename>"}); HEAD gets a stream that discards.
   */
  static OutputStream attachment(Exchange exchange, String filename) throws IOException {
    exchange.setHeader("Content-Type", BINARY);
    exchange.setHeader("X-Content-Type-Options", "nosniff");
    exchange.setHeader("Content-Disposition", "attachment; filename=\"" + filename + "\"");
    OutputStream out = exchange.commit(200, -1);
    return isHead(exchange) ? OutputStream.nullOutputStream() : out;
  }

  static boolean isHead(Exchange exchange) {
    return exchange.method().equals("HEAD");
  }

  /** Go's {@code html.EscapeString}. */
  static String htmlEscape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '\'' -> b.append("&#39;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&#34;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
