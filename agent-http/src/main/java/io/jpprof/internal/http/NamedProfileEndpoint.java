package io.jpprof.internal.http;

import io.jpprof.Profile;
import io.jpprof.internal.Collectors;
import io.jpprof.internal.contention.ContentionProfile;
import io.jpprof.internal.heap.HeapProfiles;
import io.jpprof.internal.profile.Clock;
import io.jpprof.internal.profile.Deltas;
import io.jpprof.internal.profile.ProfileData;
import io.jpprof.internal.profile.ProfileView;
import io.jpprof.internal.profile.ProtoWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code <prefix>/<name>}: the profile registered under exactly {@code name}, as Go's {@code
 * pprof.Handler(name)} serves it. {@code debug=0} (or unparsable) gives the gzip proto
 * as an attachment, any other {@code debug} the text form; {@code seconds} asks for a delta (Go's
 * {@code serveDeltaProfile}), served through a {@link DeltaSource}; {@code bythread=1} and {@code
 * types=1} ask for threads and classes as frames ({@link Query#view}); {@code gc>0} on {@code heap} first runs a full GC
 * that also calibrates the profile ({@link HeapProfiles#gc()}), at most once per the configured
 * interval (beyond it: 429). {@code history=1} on {@code block} and {@code mutex} answers at once
 * with the waits of the last {@code seconds} ({@link HistoryReply}).
 */
final class NamedProfileEndpoint implements Endpoint {
  private static final Logger log = LoggerFactory.getLogger(NamedProfileEndpoint.class);
  /** Go's count profiles write proto for any debug <= 0 (printCountProfile: {@code debug > 0}). */
  /** The window of {@code history=1} without {@code seconds}, as {@code /profile}'s default. */
  private static final long HISTORY_SECONDS = 30;
  private static final Set<String> TEXT_ONLY_ABOVE_ZERO = Set.of("heap", "allocs", "block", "mutex");

  private final DeltaSource deltas;
  private final Limits limits;

  private final Collectors collectors;

  NamedProfileEndpoint(Collectors collectors, DeltaSource deltas, Limits limits) {
    this.collectors = collectors;
    this.deltas = deltas;
    this.limits = limits;
  }

  @Override
  public boolean isLong(Query query) {
    return !query.get("seconds").isEmpty();
  }

  @Override
  public boolean collects() {
    return true;
  }

  /** Plain snapshots are shared: the answer depends on the name, the numeric {@code debug} and the view only. */
  @Override
  public String sharedKey(String name, Query query) {
    if (!query.get("seconds").isEmpty() || GoStrconv.atoi(query.get("gc")) > 0 || query.history()) {
      return null;
    }
    return name + "?debug=" + GoStrconv.atoi(query.get("debug")) + "&" + query.view();
  }

  @Override
  public boolean needsJfr(String name) {
    return Jfr.PROFILES.contains(name);
  }

  @Override
  public void serve(Exchange exchange, String name, Query query) throws Exception {
    Profile profile = Profile.lookup(name);
    if (profile == null) {
      GoResponses.serveError(exchange, 404, "Unknown profile");
      return;
    }
    if (query.history()) {
      serveHistory(exchange, name, query);
      return;
    }
    String seconds = query.get("seconds");
    if (!seconds.isEmpty()) {
      serveDelta(exchange, profile, seconds, query.get("debug"), query.view());
      return;
    }
    int debug = GoStrconv.atoi(query.get("debug"));
    if (name.equals("heap") && GoStrconv.atoi(query.get("gc")) > 0) {
      if (!forcedGcAllowed(exchange, limits, collectors)) {
        return;
      }
      collectors.heap().gc();
    }
    // Go: Content-Type by debug != 0; goroutine, threadcreate and custom profiles write proto for
    // any debug <= 0, heap/allocs/block/mutex only for debug == 0
    int format = debug < 0 && !TEXT_ONLY_ABOVE_ZERO.contains(name) ? 0 : debug;
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    try {
      collectors.profiles().source(name).write(name, body, format, query.view());
    } catch (IOException | RuntimeException e) {
      log.warn("pprof: cannot collect profile {}", name, e);
      GoResponses.serveError(exchange, 500, "failed to collect profile");
      return;
    }
    if (debug != 0) {
      GoResponses.send(exchange, 200, GoResponses.TEXT, body.toByteArray());
    } else {
      exchange.setHeader("Content-Disposition", "attachment; filename=\"" + name + "\"");
      GoResponses.send(exchange, 200, GoResponses.BINARY, body.toByteArray());
    }
  }

  /** {@code history=1}: the waits of the last {@code seconds} (default 30) of block or mutex. */
  private void serveHistory(Exchange exchange, String name, Query query) throws IOException {
    if (!name.equals("block") && !name.equals("mutex")) {
      GoResponses.serveError(exchange, 400, HistoryReply.ONLY);
      return;
    }
    if (GoStrconv.atoi(query.get("debug")) != 0) {
      GoResponses.serveError(exchange, 400, "jpprof: history answers in the proto format only (leave out debug)");
      return;
    }
    Duration window = Duration.ofSeconds(query.seconds(HISTORY_SECONDS));
    ContentionProfile source = (ContentionProfile) collectors.profiles().source(name);
    HistoryReply.serve(exchange, name, query.view(), () -> source.history(window));
  }

  /** The gc=1 rate limit: true when a forced GC may run now, else 429 has been answered. */
  static boolean forcedGcAllowed(Exchange exchange, Limits limits, Collectors collectors) {
    if (limits.tryForcedGc(collectors.heap())) {
      return true;
    }
    long retry = limits.gcRetryAfterSeconds(collectors.heap());
    exchange.setHeader("Retry-After", Long.toString(retry));
    GoResponses.serveError(exchange, 429, "jpprof: gc=1 forces a full GC at most once every "
        + limits.gcIntervalSeconds() + "s; retry in " + retry + "s, or leave out gc=1");
    return false;
  }

  /** Go's {@code serveDeltaProfile}, checks in Go's order. */
  private void serveDelta(Exchange exchange, Profile profile, String secondsText, String debug, ProfileView view)
      throws Exception {
    Long seconds = GoStrconv.parseInt10(secondsText);
    if (seconds == null || seconds <= 0) {
      GoResponses.serveError(exchange, 400, "invalid value for \"seconds\" - must be a positive integer");
      return;
    }
    if (!DeltaSource.GO_DELTA_PROFILES.contains(profile.name()) || !deltas.supports(profile)) {
      GoResponses.serveError(exchange, 400, "\"seconds\" parameter is not supported for this profile type");
      return;
    }
    if (GoStrconv.atoi(debug) != 0) { // Go: debug, _ := strconv.Atoi(...); if debug != 0
      GoResponses.serveError(exchange, 400, "seconds and debug params are incompatible");
      return;
    }
    try {
      ProfileData before = deltas.snapshot(profile);
      long start = Clock.nowNanos();
      OutputStream out = GoResponses.attachment(exchange, profile.name() + "-delta");
      Waits.beat(out);
      if (!Waits.sleep(exchange, Waits.nanos(seconds), out)) {
        log.debug("pprof: delta of {}: client went away", profile.name());
        exchange.abort();
        return;
      }
      ProfileData after = deltas.snapshot(profile);
      ProtoWriter.write(view.apply(Deltas.between(before, start, after, Clock.nowNanos())), out);
      out.flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failDelta(exchange, "context canceled", e);
      return;
    } catch (IOException | RuntimeException e) {
      log.warn("pprof: cannot collect delta of profile {}", profile.name(), e);
      failDelta(exchange, e instanceof Deltas.Failure f ? f.getMessage() : Deltas.Failure.COLLECT, e);
      return;
    }
    exchange.finish();
  }

  /**
   * Go's 500 when the response has not started; once it has (the first snapshot is taken and the
   * headers sent), the connection is cut so the client sees an error, not a profile.
   */
  private static void failDelta(Exchange exchange, String goMessage, Exception e) {
    if (exchange.committed()) {
      exchange.abort();
    } else {
      GoResponses.serveError(exchange, 500, goMessage);
    }
  }
}
