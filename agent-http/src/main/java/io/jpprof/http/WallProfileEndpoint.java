package io.jpprof.http;

import io.jpprof.internal.profile.ProfileData;
import io.jpprof.internal.profile.ProtoWriter;
import io.jpprof.internal.wall.WallProfiler;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.io.IOException;
import java.io.OutputStream;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code <prefix>/wall}: a wall-clock profile of the next {@code seconds} (default 30), the JVM's
 * fgprof: every thread's time on and off CPU, by stack, with a {@code state} label (see {@link
 * WallProfiler}). Also served at fgprof's paths, {@code <prefix>/fgprof} (Parca) and {@code
 * /debug/fgprof} (Grafana Alloy), so their scrape configs work unchanged.
 *
 * <p>Parameters: {@code seconds}; {@code hz} (default 99); {@code threads}, a regular expression
 * a thread's name must contain a match of; {@code idle=1} to keep idle threads (left out by
 * default). {@code format} may only be fgprof's default, {@code pprof}. The response streams like
 * {@code /profile}'s: headers and an empty gzip member at once, another each second, the profile
 * last, so a client that goes away ends the profile.
 */
final class WallProfileEndpoint implements Endpoint {
  private static final Logger log = LoggerFactory.getLogger(WallProfileEndpoint.class);
  private static final long DEFAULT_SECONDS = 30;
  private static final long PROBE_MILLIS = 1000;

  private final boolean listed;

  /** @param listed whether the index page lists this path ({@code wall} yes, the fgprof aliases no) */
  WallProfileEndpoint(boolean listed) {
    this.listed = listed;
  }

  @Override
  public boolean listed() {
    return listed;
  }

  @Override
  public void serve(HttpServerExchange exchange, String name, Query query) {
    Long seconds = GoStrconv.parseInt10(query.get("seconds"));
    long duration = seconds == null || seconds <= 0 ? DEFAULT_SECONDS : seconds;
    int hz = GoStrconv.atoi(query.get("hz"));
    String format = query.get("format");
    if (!format.isEmpty() && !format.equals("pprof")) {
      GoResponses.serveError(exchange, 400, "unknown format \"" + format + "\": jpprof writes pprof only");
      return;
    }
    Pattern threads = null;
    if (!query.get("threads").isEmpty()) {
      try {
        threads = Pattern.compile(query.get("threads"));
      } catch (PatternSyntaxException e) {
        GoResponses.serveError(exchange, 400, "invalid threads regexp: " + e.getDescription());
        return;
      }
    }
    WallProfiler.Options options = new WallProfiler.Options(
        hz <= 0 ? WallProfiler.DEFAULT_HZ : hz, threads, GoStrconv.atoi(query.get("idle")) > 0);
    WallProfiler.Session session;
    try {
      session = WallProfiler.start(options);
    } catch (RuntimeException e) {
      GoResponses.serveError(exchange, 500, "Could not enable wall-clock profiling: " + e.getMessage());
      return;
    }
    try (session) {
      exchange.setStatusCode(200);
      exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, GoResponses.BINARY);
      exchange.getResponseHeaders().put(GoResponses.X_CONTENT_TYPE_OPTIONS, "nosniff");
      exchange.getResponseHeaders().put(Headers.CONTENT_DISPOSITION, "attachment; filename=\"wall\"");
      boolean head = Methods.HEAD.equals(exchange.getRequestMethod());
      OutputStream out = head ? OutputStream.nullOutputStream() : exchange.getOutputStream();
      long deadline = System.nanoTime() + duration * 1_000_000_000L;
      for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
        out.write(CpuProfileEndpoint.EMPTY_GZIP_MEMBER);
        out.flush();
        Thread.sleep(Math.min(PROBE_MILLIS, left / 1_000_000 + 1));
      }
      ProfileData profile = session.stop();
      ProtoWriter.write(profile, out);
      out.close();
    } catch (IOException e) {
      log.debug("pprof: wall-clock profile client went away: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.warn("pprof: wall-clock profile failed", e);
    } finally {
      exchange.endExchange();
    }
  }

  /**
   * Grafana Alloy's fgprof path beside the prefix: {@code /debug/fgprof} for {@code /debug/pprof}
   * (the prefix's parent plus {@code /fgprof}), or null when the prefix is the root (then {@code
   * /fgprof} is inside it).
   */
  static String besidePrefix(String prefix) {
    int slash = prefix.lastIndexOf('/');
    return prefix.isEmpty() ? null : prefix.substring(0, slash) + "/fgprof";
  }

  /**
   * {@code next}, but for requests to exactly {@code path}, which this endpoint serves (GET and
   * HEAD, as the router would).
   */
  HttpHandler alsoAt(String path, HttpHandler next) {
    return new HttpHandler() {
      @Override
      public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (!exchange.getRequestPath().equals(path)) {
          next.handleRequest(exchange);
          return;
        }
        if (exchange.isInIoThread()) {
          exchange.dispatch(this);
          return;
        }
        exchange.startBlocking();
        if (!methods().contains(exchange.getRequestMethod().toString())) {
          GoResponses.methodNotAllowed(exchange, String.join(", ", methods()));
          return;
        }
        serve(exchange, "fgprof", Query.parse(exchange.getQueryString()));
      }
    };
  }
}
