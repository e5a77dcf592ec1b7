package io.jpprof.internal.http;

import io.jpprof.Profile;
import io.jpprof.internal.Collectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Go contract of {@code /debug/pprof}, written once over {@link Exchange}: routing as Go's
 * {@code http.ServeMux} routes pprof's patterns, access control, limits, and failures
 * as Go-style text. Every door (standalone server, Undertow handler, servlet) hands each request to
 * {@link #handle} and adds nothing of its own.
 *
 * <p>Routing: unclean paths and the bare prefix get a 301, {@code <prefix>/} is the index, {@code
 * <prefix>/<endpoint>} an endpoint such as cmdline, {@code <prefix>/ui/...} the viewer (an endpoint
 * registered with a trailing {@code /} serves its subtree), any other {@code <prefix>/<name>} the
 * named profile, anything else 404; a method the target does not accept gets 405. One deliberate
 * difference: {@code <prefix>/a/symbol} is the symbol endpoint when no profile has that name,
 * because that is where pprof looks up the addresses of the text form of a custom profile {@code
 * a/b}. One addition: for a prefix ending in {@code /pprof}, fgprof's path beside it ({@code
 * /debug/fgprof} for {@code /debug/pprof}, Grafana Alloy's) is the wall-clock profile, as is {@code
 * <prefix>/fgprof} (Parca's); a door only sees it when the request reaches it (the standalone
 * server and a root Undertow handler do; a servlet mapped at {@code <prefix>/*} does not, so it
 * takes a second, exact mapping {@code /debug/fgprof}: a contract mounted at a path whose last
 * element is {@code fgprof} answers that path itself with the wall-clock profile, not a 301).
 *
 * <p>Long requests ({@code profile}, {@code trace}, {@code wall}, {@code ?seconds=N} deltas) continue on a
 * bounded pool of their own ({@link Exchange#runLater}), and profile collections on another, so
 * neither holds the threads that serve the index, cmdline and symbol; beyond the limits they get
 * 503. Concurrent identical snapshot requests ({@code heap}, {@code goroutine?debug=1}) share one
 * collection that started after they arrived ({@link SharedCollections}) and wait for it without
 * holding a thread. Nothing a handler throws escapes: before the response
 * started it is a 500 naming the cause, after it the connection is cut.
 */
public final class PprofHandler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PprofHandler.class);
  private static final String SYMBOL = "symbol";

  private final Map<String, Endpoint> endpoints;
  private final IndexPage index;
  private final Endpoint namedProfile;
  private final Access access;
  private final Limits limits;
  private final SharedCollections shared;
  /** The always-on collectors, held while this contract serves (started in the background). */
  private final Collectors.Lease lease;

  /** The standard endpoints over the process's collectors, with real delta profiles. */
  public PprofHandler(PprofOptions options) {
    this(options, Collectors.process(), null, Map.of());
  }

  /**
   * The standard endpoints and {@code extra} ones over {@code collectors}; delta profiles
   * from {@code deltas}, or real ones when null.
   */
  public PprofHandler(PprofOptions options, Collectors collectors, DeltaSource deltas, Map<String, Endpoint> extra) {
    this.lease = collectors.acquire();
    this.limits = new Limits(options.maxLongRequests(), options.gcInterval());
    this.shared = new SharedCollections(limits.collectPool());
    this.access = new Access(options);
    this.endpoints = Endpoints.standard(options, limits, collectors);
    this.endpoints.putAll(extra);
    List<String> listed = new ArrayList<>();
    endpoints.forEach((name, endpoint) -> {
      if (endpoint.listed()) {
        listed.add(name);
      }
    });
    this.index = new IndexPage(listed);
    this.namedProfile = new NamedProfileEndpoint(collectors, deltas == null ? new ProfileDeltas(collectors) : deltas, limits);
  }

  /**
   * Serves one request. Returns once the response is complete, or once a long request has been
   * handed to the long-request pool.
   *
   * @param prefix where the contract is mounted, as the client sees it: a clean path without
   *     trailing slash ({@code /debug/pprof}, {@code /app/actuator/pprof}), or empty for the root
   */
  public void handle(Exchange exchange, String prefix) {
    try {
      route(exchange, prefix);
    } catch (Throwable t) {
      fail(exchange, t);
    }
  }

  private void route(Exchange exchange, String prefix) throws Exception {
    String raw = exchange.rawPath();
    String method = exchange.method();
    if (raw.equals("*")) {
      if (method.equals("OPTIONS")) { // Go's globalOptionsHandler
        GoResponses.plain(exchange, 200, null, "");
      } else {
        GoResponses.plain(exchange, 400, GoResponses.TEXT, "400 Bad Request");
      }
      return;
    }
    String path = GoUrl.pathUnescape(raw);
    if (path == null) {
      GoResponses.plain(exchange, 400, GoResponses.TEXT, "400 Bad Request");
      return;
    }
    if (!access.admit(exchange)) {
      return;
    }
    String rawQuery = exchange.rawQuery();
    String clean = GoUrl.cleanPath(path);
    if (!clean.equals(path)) {
      GoResponses.movedPermanently(exchange, GoUrl.relativeUrl(clean, rawQuery));
      return;
    }
    if (!prefix.isEmpty() && path.equals(prefix)) {
      if (prefix.endsWith("/" + WallProfileEndpoint.FGPROF) && endpoints.containsKey(WallProfileEndpoint.FGPROF)) {
        // a door mounted exactly at fgprof's path (a servlet's extra mapping "/debug/fgprof")
        dispatch(exchange, endpoints.get(WallProfileEndpoint.FGPROF), WallProfileEndpoint.FGPROF, rawQuery);
      } else if (method.equals("GET") || method.equals("HEAD")) {
        GoResponses.movedPermanently(exchange, GoUrl.relativeUrl(prefix + "/", rawQuery));
      } else {
        GoResponses.methodNotAllowed(exchange, "GET, HEAD");
      }
      return;
    }
    if (!path.startsWith(prefix + "/")) {
      Endpoint fgprof = endpoints.get(WallProfileEndpoint.FGPROF);
      if (fgprof != null && path.equals(WallProfileEndpoint.besidePrefix(prefix))) {
        dispatch(exchange, fgprof, WallProfileEndpoint.FGPROF, rawQuery);
      } else {
        GoResponses.notFound(exchange);
      }
      return;
    }
    String name = path.substring(prefix.length() + 1);
    if (name.isEmpty()) {
      if (!method.equals("GET") && !method.equals("HEAD")) {
        GoResponses.methodNotAllowed(exchange, "GET, HEAD");
      } else {
        index.serve(exchange, prefix);
      }
      return;
    }
    Endpoint endpoint = endpoints.getOrDefault(name, namedProfile);
    int slash = name.indexOf('/');
    if (endpoint == namedProfile && slash > 0) {
      // an endpoint registered as "ui/" serves its whole subtree: ui/heap, ui/assets/viewer.js
      endpoint = endpoints.getOrDefault(name.substring(0, slash + 1), namedProfile);
    }
    if (endpoint == namedProfile && name.endsWith("/" + SYMBOL) && Profile.lookup(name) == null) {
      // pprof asks for the symbols of <prefix>/a/b's text at the sibling <prefix>/a/symbol
      // (google/pprof's legacy symbolizer); Go answers 404 there, so its custom profiles with a '/' can't be symbolized.
      endpoint = endpoints.getOrDefault(SYMBOL, namedProfile);
    }
    dispatch(exchange, endpoint, name, rawQuery);
  }

  /** Serves {@code name} with {@code endpoint} after the method and JFR checks, here or on a pool. */
  private void dispatch(Exchange exchange, Endpoint endpoint, String name, String rawQuery) throws Exception {
    String method = exchange.method();
    List<String> methods = endpoint.methods();
    if (!methods.contains(method)) {
      GoResponses.methodNotAllowed(exchange, String.join(", ", methods));
      return;
    }
    Query query = Query.parse(rawQuery);
    if (!Jfr.available() && endpoint.needsJfr(name)) {
      GoResponses.serveError(exchange, 501, Jfr.missing());
      return;
    }
    if (!endpoint.isLong(query)) {
      if (endpoint.collects()) {
        serveLater(exchange, endpoint, name, query, false);
      } else {
        endpoint.serve(exchange, name, query);
      }
      return;
    }
    serveLater(exchange, endpoint, name, query, true);
  }

  /** Hands the request to the long-request or the collection pool, or answers 503 when full. */
  private void serveLater(Exchange exchange, Endpoint endpoint, String name, Query query, boolean isLong) {
    if (!isLong) {
      if (!limits.tryStartCollect()) {
        exchange.setHeader("Retry-After", "1");
        GoResponses.serveError(exchange, 503, "jpprof: too many profile requests waiting (at most "
            + Limits.MAX_WAITING_COLLECTIONS + "); try again shortly");
        return;
      }
      String key = endpoint.sharedKey(name, query);
      if (key != null) {
        serveShared(exchange, endpoint, name, query, exchange.rawPath() + " " + key); // GET and HEAD alike
        return;
      }
      runOnPool(exchange, endpoint, name, query, limits.collectPool(), limits::endCollect);
      return;
    }
    if (!limits.tryStartLong()) {
      exchange.setHeader("Retry-After", "1");
      GoResponses.serveError(exchange, 503, "jpprof: too many long requests in flight (at most "
          + limits.maxLong() + "); try again when one ends");
      return;
    }
    runOnPool(exchange, endpoint, name, query, limits.longPool(), limits::endLong);
  }

  /** Serves on {@code pool}, then frees the request's slot ({@code release}), also when the pool refuses. */
  private void runOnPool(Exchange exchange, Endpoint endpoint, String name, Query query, Executor pool,
      Runnable release) {
    try {
      exchange.runLater(pool, () -> {
        try {
          endpoint.serve(exchange, name, query);
        } catch (Throwable t) {
          fail(exchange, t);
        } finally {
          release.run();
        }
      });
    } catch (RejectedExecutionException e) {
      release.run();
      GoResponses.serveError(exchange, 503, "jpprof: the server is closing");
    }
  }

  /**
   * Joins (or starts) the next collection of {@code key} and parks the exchange until its reply is
   * there; holds a collection slot until the reply is sent.
   */
  private void serveShared(Exchange exchange, Endpoint endpoint, String name, Query query, String key) {
    SharedCollections.Flight flight = shared.join(key, exchange, reply -> {
      try {
        endpoint.serve(reply, name, query);
      } catch (Throwable t) {
        fail(reply, t);
      }
    });
    try {
      exchange.runLater(flight, () -> {
        try {
          flight.sendTo(exchange);
        } finally {
          limits.endCollect();
        }
      });
    } catch (RuntimeException | Error e) {
      limits.endCollect();
      throw e;
    }
  }

  /**
   * The one place a failure becomes an answer: Go-style 500 text, or a cut once 200 was sent.
   * Never throws: it runs last on jpprof's pool threads, where the exchange may have ended already.
   */
  static void fail(Exchange exchange, Throwable t) {
    if (t instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    try {
      if (exchange.committed()) {
        if (t instanceof java.io.IOException) {
          log.debug("pprof: {}: client went away: {}", exchange.path(), t.toString());
        } else {
          log.warn("pprof: {} failed after its response started; cutting the connection", exchange.path(), t);
        }
        exchange.abort();
        return;
      }
      String cause = Jfr.isMissing(t) ? Jfr.missing() : "jpprof: " + exchange.path() + ": " + t;
      log.warn("pprof: {} failed", exchange.path(), t);
      try {
        GoResponses.serveError(exchange, 500, cause);
      } catch (Throwable again) {
        log.debug("pprof: cannot send the error for {}", exchange.path(), again);
        exchange.abort();
      }
    } catch (Throwable again) {
      log.debug("pprof: the exchange had ended; {} not sent", t.toString(), again);
    }
  }

  /** Stops the long-request pool; requests still running end with a cut connection. */
  @Override
  public void close() {
    try {
      limits.close();
    } finally {
      lease.close();
    }
  }
}
