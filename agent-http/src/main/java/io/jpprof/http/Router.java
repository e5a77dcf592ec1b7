package io.jpprof.http;

import io.jpprof.Profile;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Routes requests the way Go's {@code http.ServeMux} routes pprof's patterns (spec §1.1): unclean
 * paths and the bare prefix get a 301, {@code <prefix>/} is the index, {@code <prefix>/<endpoint>}
 * an endpoint such as cmdline, any other {@code <prefix>/<name>} the named profile, anything else
 * 404; a method the target does not accept gets 405. One deliberate difference: {@code
 * <prefix>/a/symbol} is the symbol endpoint when no profile has that name, because that is where
 * pprof looks up the addresses of the text form of a custom profile named {@code a/b}.
 *
 * <p>Every request leaves the IO thread first: endpoints collect profiles and write with blocking
 * streams on a worker thread.
 */
final class Router implements HttpHandler {
  private static final String GET_HEAD = "GET, HEAD";
  private static final String SYMBOL = "symbol";

  private final String prefix;
  private final Map<String, Endpoint> endpoints;
  private final Endpoint index;
  private final Endpoint namedProfile;

  /**
   * @param prefix clean path without trailing slash ({@code /debug/pprof}), or empty for the root
   * @param endpoints the fixed endpoints by name ({@code cmdline}, {@code symbol}, …); each also
   *     appears on the index page unless it says otherwise; a name ending in {@code /} serves
   *     every path below it
   */
  Router(String prefix, Map<String, Endpoint> endpoints, DeltaSource deltas) {
    this.prefix = prefix;
    this.endpoints = new LinkedHashMap<>(endpoints);
    List<String> listed = new ArrayList<>();
    endpoints.forEach((name, endpoint) -> {
      if (endpoint.listed()) {
        listed.add(name);
      }
    });
    this.index = new IndexPage(prefix, listed);
    this.namedProfile = new NamedProfileEndpoint(deltas);
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    if (exchange.isInIoThread()) {
      exchange.dispatch(this);
      return;
    }
    exchange.startBlocking();
    String path = exchange.getRequestPath();
    String method = exchange.getRequestMethod().toString();
    String rawQuery = exchange.getQueryString();

    String clean = GoUrl.cleanPath(path);
    if (!clean.equals(path)) {
      GoResponses.movedPermanently(exchange, redirectTarget(clean, rawQuery));
      return;
    }
    if (!prefix.isEmpty() && path.equals(prefix)) {
      if (method.equals("GET") || method.equals("HEAD")) {
        GoResponses.movedPermanently(exchange, redirectTarget(prefix + "/", rawQuery));
      } else {
        GoResponses.methodNotAllowed(exchange, GET_HEAD);
      }
      return;
    }
    if (!path.startsWith(prefix + "/")) {
      GoResponses.notFound(exchange);
      return;
    }
    String name = path.substring(prefix.length() + 1);
    Endpoint endpoint = name.isEmpty() ? index : endpoints.getOrDefault(name, namedProfile);
    int slash = name.indexOf('/');
    if (endpoint == namedProfile && slash > 0 && endpoints.containsKey(name.substring(0, slash + 1))) {
      endpoint = endpoints.get(name.substring(0, slash + 1)); // "ui/" serves the subtree ui/...
    }
    if (endpoint == namedProfile && name.endsWith("/" + SYMBOL) && Profile.lookup(name) == null) {
      // pprof asks for the symbols of <prefix>/a/b's text at the sibling <prefix>/a/symbol
      // (spec §5.4); Go answers 404 there, so its custom profiles with a '/' can't be symbolized.
      endpoint = endpoints.getOrDefault(SYMBOL, namedProfile);
    }
    List<String> methods = endpoint.methods();
    if (!methods.contains(method)) {
      GoResponses.methodNotAllowed(exchange, String.join(", ", methods));
      return;
    }
    endpoint.serve(exchange, name, Query.parse(rawQuery));
  }

  /** {@code url.URL{Path: path, RawQuery: rawQuery}.String()} for a rooted path. */
  private static String redirectTarget(String path, String rawQuery) {
    return GoUrl.relativeUrl(path, rawQuery);
  }
}
