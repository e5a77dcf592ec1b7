package io.jpprof.internal.http;

import io.jpprof.internal.Collectors;
import io.jpprof.internal.profile.ProfileView;
import io.jpprof.internal.wall.WallProfiler;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code <prefix>/wall}: a wall-clock profile of the next {@code seconds} (default 30), the JVM's
 * fgprof: every thread's time on and off CPU, by stack, with a {@code state} label (see {@link
 * WallProfiler}). Also served at fgprof's paths, {@code <prefix>/fgprof} (Parca) and, for a prefix
 * ending in {@code /pprof}, {@link #besidePrefix beside it} ({@code /debug/fgprof}, Grafana Alloy),
 * so their scrape configs work unchanged.
 *
 * <p>Parameters: {@code seconds} (parsed as {@code /profile} parses it: anything that is not a
 * positive integer means 30); {@code hz} (default 99, at most 1000); {@code threads}, a regular
 * expression a thread's name must contain a match of; {@code idle=1} to keep idle threads (left
 * out by default); {@code bythread=1} to put each thread's name at the root of its stacks. {@code format} may only be fgprof's default, {@code pprof}. At most {@value
 * WallProfiler#MAX_SESSIONS} wall-clock profiles run at once; beyond that the answer is a 500 as
 * {@code /profile}'s ({@code Could not enable wall-clock profiling: ...}).
 *
 * <p>The response streams like {@code /profile}'s: headers and an empty gzip member at once,
 * another each second, the profile last; a client that goes away ends the profile at once ({@link
 * Waits#sleep}).
 *
 * <p>No wall-clock history is kept ({@code history=1} gets 400 {@link HistoryReply#NO_WALL_HISTORY}):
 * it would need thread dumps all the time, a safepoint each.
 */
final class WallProfileEndpoint implements Endpoint {
  private static final long DEFAULT_SECONDS = 30;
  /** fgprof's name for this profile, inside and beside the prefix. */
  static final String FGPROF = "fgprof";

  private final boolean listed;

  /** @param listed whether the index page lists this path ({@code wall} yes, the fgprof alias no) */
  private final Collectors collectors;

  WallProfileEndpoint(Collectors collectors, boolean listed) {
    this.collectors = collectors;
    this.listed = listed;
  }

  @Override
  public boolean listed() {
    return listed;
  }

  @Override
  public boolean isLong(Query query) {
    return true;
  }

  @Override
  public void serve(Exchange exchange, String name, Query query) throws Exception {
    if (query.history()) {
      GoResponses.serveError(exchange, 400, HistoryReply.NO_WALL_HISTORY);
      return;
    }
    long duration = query.seconds(DEFAULT_SECONDS);
    int hz = query.hz();
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
        hz <= 0 ? WallProfiler.DEFAULT_HZ : Math.min(hz, WallProfiler.MAX_HZ), threads,
        GoStrconv.atoi(query.get("idle")) > 0);
    WallProfiler.Session session;
    try {
      session = collectors.wall().start(options);
    } catch (IllegalStateException e) {
      GoResponses.serveError(exchange, 500, "Could not enable wall-clock profiling: " + e.getMessage());
      return;
    }
    try (session) {
      ProfileView view = query.view();
      Waits.serveWindow(exchange, name.equals(FGPROF) ? FGPROF : "wall", duration, () -> view.apply(session.stop()));
    }
  }

  /**
   * Grafana Alloy's fgprof path beside the prefix: the prefix's parent plus {@code /fgprof} ({@code
   * /debug/fgprof} for {@code /debug/pprof}), or null unless the prefix's last element is {@code
   * pprof} (elsewhere the parent is someone else's namespace).
   */
  static String besidePrefix(String prefix) {
    if (!prefix.endsWith("/pprof")) {
      return null;
    }
    return prefix.substring(0, prefix.length() - "pprof".length()) + FGPROF;
  }
}
