package io.jpprof.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
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
 * The exchange must be in blocking mode.
 */
final class GoResponses {
  static final String TEXT = "text/plain; charset=utf-8";
  static final String HTML = "text/html; charset=utf-8";
  static final String BINARY = "application/octet-stream";
  static final HttpString X_CONTENT_TYPE_OPTIONS = new HttpString("X-Content-Type-Options");
  static final HttpString X_GO_PPROF = new HttpString("X-Go-Pprof");

  private static final Logger log = LoggerFactory.getLogger(GoResponses.class);

  private GoResponses() {}

  /**
   * pprof's {@code serveError}: {@code text/plain}, {@code X-Go-Pprof: 1} (so {@code go tool
   * pprof} prints the message), no {@code Content-Disposition}, the status, and the message plus a
   * newline.
   */
  static void serveError(HttpServerExchange exchange, int status, String message) {
    exchange.getResponseHeaders().put(X_GO_PPROF, "1");
    exchange.getResponseHeaders().remove(Headers.CONTENT_DISPOSITION);
    send(exchange, status, TEXT, utf8(message + "\n"));
  }

  /** {@code http.Error}: {@code text/plain}, nosniff, the status, the message plus a newline. */
  static void error(HttpServerExchange exchange, int status, String message) {
    send(exchange, status, TEXT, utf8(message + "\n"));
  }

  /** {@code http.NotFound}: 404 {@code 404 page not found}. */
  static void notFound(HttpServerExchange exchange) {
    error(exchange, 404, "404 page not found");
  }

  /** The mux's answer to a method no pattern accepts: 405 with {@code Allow}. */
  static void methodNotAllowed(HttpServerExchange exchange, String allow) {
    exchange.getResponseHeaders().put(Headers.ALLOW, allow);
    error(exchange, 405, "Method Not Allowed");
  }

  /**
   * {@code http.Redirect(w, r, location, 301)}: GET gets Go's small HTML body, HEAD its content
   * type, other methods neither.
   */
  static void movedPermanently(HttpServerExchange exchange, String location) {
    exchange.getResponseHeaders().put(Headers.LOCATION, location);
    HttpString method = exchange.getRequestMethod();
    if (Methods.GET.equals(method) || Methods.HEAD.equals(method)) {
      String body = "<a href=\"" + htmlEscape(location) + "\">Moved Permanently</a>.\n\n";
      send(exchange, 301, HTML, utf8(body));
    } else {
      send(exchange, 301, null, new byte[0]);
    }
  }

  /**
   * Sets the content type (when not null), nosniff and the length, then writes {@code body} unless
   * the request is HEAD, and ends the exchange.
   */
  static void send(HttpServerExchange exchange, int status, String contentType, byte[] body) {
    exchange.setStatusCode(status);
    if (contentType != null) {
      exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
    }
    exchange.getResponseHeaders().put(X_CONTENT_TYPE_OPTIONS, "nosniff");
    exchange.setResponseContentLength(body.length);
    try (OutputStream out = exchange.getOutputStream()) {
      if (!Methods.HEAD.equals(exchange.getRequestMethod())) {
        out.write(body);
      }
    } catch (IOException e) {
      log.debug("pprof: response to {} not delivered: {}", exchange.getRequestPath(), e.toString());
    }
    exchange.endExchange();
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
