package io.jpprof.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.Protocols;

/**
 * The checks Go's {@code net/http} server makes before any handler sees a request, with Go's
 * answers, for the standalone server (a server you mount {@link Pprof#handler()} in makes its own):
 *
 * <ul>
 *   <li>a request line and headers over Go's {@code DefaultMaxHeaderBytes} (1 MiB, plus the 4096
 *       bytes of slack Go's reader allows): {@code 431 Request Header Fields Too Large};
 *   <li>an HTTP/1.1 request without a {@code Host} header, or with an empty one (not {@code
 *       CONNECT}): {@code 400 Bad Request: missing required Host header}. HTTP/1.0 needs none;
 *   <li>{@code CONNECT host:port}: {@code 404 page not found}, from Go's {@code ServeMux}.
 * </ul>
 *
 * Both answers are Go's: {@code text/plain; charset=utf-8}, {@code Connection: close}, the body
 * without a newline. Requests larger than Undertow's own limit ({@link #UNDERTOW_MAX_HEADER_SIZE})
 * never reach this handler; Undertow answers them with an empty 400 (docs/security.md).
 */
final class ServerChecks implements HttpHandler {
  /** Go's limit: {@code http.DefaultMaxHeaderBytes} plus the 4096 bytes its reader allows beyond it. */
  static final int GO_MAX_HEADER_BYTES = (1 << 20) + 4096;
  /**
   * Undertow's limit, set above Go's so that requests between the two get Go's 431 from here. Kept
   * at 2 MiB: Undertow holds a request's headers in memory while it parses them.
   */
  static final int UNDERTOW_MAX_HEADER_SIZE = 2 << 20;
  /**
   * Header fields, and query parameters, Undertow parses before it answers an empty 400 (its
   * defaults, 200 and 1000, are far below what Go's byte limit admits: Go counts bytes only).
   * Each parsed field is an object, so the count stays bounded: 20,000 small fields are ~0.3 MB of
   * request and a few MB of parsed headers.
   */
  static final int MAX_FIELDS = 20_000;

  static final String TOO_LARGE = "431 Request Header Fields Too Large";
  static final String NO_HOST = "400 Bad Request: missing required Host header";

  private final HttpHandler next;

  ServerChecks(HttpHandler next) {
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    if (headerBytes(exchange) > GO_MAX_HEADER_BYTES) {
      answer(exchange, 431, TOO_LARGE);
    } else if (exchange.getRequestMethod().equals(Methods.CONNECT) && !exchange.getRequestURI().startsWith("/")) {
      notFound(exchange);
    } else if (missingHost(exchange)) {
      answer(exchange, 400, NO_HOST);
    } else {
      next.handleRequest(exchange);
    }
  }

  /**
   * Go's {@code ServeMux} answer to {@code CONNECT host:port}: that target has no path, so no
   * pattern matches it ({@code http.NotFound}); the connection stays open.
   */
  private static void notFound(HttpServerExchange exchange) {
    exchange.setStatusCode(404);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
    exchange.getResponseHeaders().put(Headers.X_CONTENT_TYPE_OPTIONS, "nosniff");
    exchange.getResponseSender().send("404 page not found\n");
  }

  /** Go's rule: HTTP/1.1 and later need a non-empty Host header, but for CONNECT. */
  private static boolean missingHost(HttpServerExchange exchange) {
    if (!exchange.getProtocol().equals(Protocols.HTTP_1_1) || exchange.getRequestMethod().equals(Methods.CONNECT)) {
      return false;
    }
    HeaderValues host = exchange.getRequestHeaders().get(Headers.HOST);
    return host == null || host.isEmpty() || host.getFirst().isEmpty();
  }

  /**
   * The size of the request line and headers as the client sent them ({@code Name: value}, CRLF
   * line ends; a client that wrote {@code Name:value} sent a byte less per header).
   */
  static long headerBytes(HttpServerExchange exchange) {
    String query = exchange.getQueryString();
    long n = exchange.getRequestMethod().length() + 1L + exchange.getRequestURI().length()
        + (query == null || query.isEmpty() ? 0 : 1 + query.length())
        + 1 + exchange.getProtocol().length() + 2;
    for (HeaderValues h : exchange.getRequestHeaders()) {
      for (String v : h) {
        n += h.getHeaderName().length() + 2L + v.length() + 2;
      }
    }
    return n + 2;
  }

  /** A server-level answer as Go's server gives one: plain text, and the connection closes after it. */
  static void answer(HttpServerExchange exchange, int status, String text) {
    exchange.setPersistent(false);
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
    exchange.getResponseHeaders().put(Headers.CONNECTION, "close");
    exchange.getResponseSender().send(text);
  }
}
