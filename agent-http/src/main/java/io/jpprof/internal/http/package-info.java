/**
 * The Go contract of {@code /debug/pprof}, written once: {@link
 * io.jpprof.internal.http.PprofHandler} routes, checks access and limits, and serves every endpoint
 * over a small {@link io.jpprof.internal.http.Exchange}; nothing here imports Undertow or the
 * servlet API. The doors are thin adapters: {@code io.jpprof.http.Pprof} (standalone server and
 * {@code Pprof.handler()}, Undertow) and {@code io.jpprof.servlet.PprofServlet} (Jakarta
 * Servlet). A new endpoint is one line in {@link io.jpprof.internal.http.Endpoints}. Not an API:
 * everything here may change.
 */
package io.jpprof.internal.http;
