package io.jpprof.internal.http;

import java.util.List;

/**
 * One pprof handler, like Go's {@code pprof.Cmdline} or {@code pprof.Handler(name)}. It runs after
 * the router has checked path, method and access, and must end the exchange (normally through
 * {@link GoResponses}). Whatever it throws becomes Go-style 500 text before the response started,
 * and a cut connection after.
 *
 * <p>A new endpoint is one line in {@link Endpoints#standard()}.
 */
public interface Endpoint {
  /**
   * Serves one request. {@code name} is the path after {@code <prefix>/} (the profile name for
   * named profiles), {@code query} the parsed URL query.
   */
  void serve(Exchange exchange, String name, Query query) throws Exception;

  /**
   * Whether this request runs for a while ({@code seconds}): it then runs on the bounded pool of
   * long requests, not on a thread of the transport, and counts against the limit.
   */
  default boolean isLong(Query query) {
    return false;
  }

  /**
   * Whether serving {@code name} needs JFR; without JFR such requests get 501 with {@link Jfr#missing()}
   * instead of an empty profile.
   */
  default boolean needsJfr(String name) {
    return false;
  }

  /**
   * Whether serving this request collects a profile (a thread dump, a heap table): it then runs
   * on the bounded pool of collections, never on the transport's threads, so the index, cmdline
   * and symbol stay fast while profiles are collected.
   */
  default boolean collects() {
    return false;
  }

  /**
   * For a request that {@link #collects}: what its answer depends on besides method and path
   * (the profile name and format, {@code heap?debug=1}), so that concurrent identical requests
   * share one collection ({@link SharedCollections}); null when each request must collect on its
   * own (it changes state, as a scrape or a forced GC does). Null unless overridden.
   */
  default String sharedKey(String name, Query query) {
    return null;
  }

  /** Whether the index page lists this endpoint (with count 0); true unless overridden. */
  default boolean listed() {
    return true;
  }

  /** The methods this endpoint accepts, in the order {@code Allow} lists them. */
  default List<String> methods() {
    return List.of("GET", "HEAD");
  }
}
