package io.jpprof.http;

import io.undertow.server.HttpServerExchange;
import java.util.List;

/**
 * One pprof handler, like Go's {@code pprof.Cmdline} or {@code pprof.Handler(name)}. It runs on a
 * worker thread with the exchange in blocking mode, after the router has checked path and method,
 * and must end the exchange (normally through {@link GoResponses}).
 */
interface Endpoint {
  /**
   * Serves one request. {@code name} is the path after {@code <prefix>/} (the profile name for
   * named profiles), {@code query} the parsed URL query.
   */
  void serve(HttpServerExchange exchange, String name, Query query);

  /** Whether the index page lists this endpoint (with count 0); true unless overridden. */
  default boolean listed() {
    return true;
  }

  /** The methods this endpoint accepts, in the order {@code Allow} lists them. */
  default List<String> methods() {
    return List.of("GET", "HEAD");
  }
}
