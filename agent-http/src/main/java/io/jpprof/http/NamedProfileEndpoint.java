package io.jpprof.http;

import io.jpprof.Profile;
import io.jpprof.internal.profile.Deltas;
import io.jpprof.internal.heap.HeapProfiles;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code <prefix>/<name>}: the profile registered under exactly {@code name}, as Go's {@code
 * pprof.Handler(name)} serves it (spec §2.6). {@code debug=0} (or unparsable) gives the gzip proto
 * as an attachment, any other {@code debug} the text form; {@code seconds} asks for a delta (spec
 * §2.7), served through a {@link DeltaSource}; {@code gc>0} on {@code heap} first runs a full GC
 * that also calibrates the profile ({@link HeapProfiles#gc()}).
 */
final class NamedProfileEndpoint implements Endpoint {
  private static final Logger log = LoggerFactory.getLogger(NamedProfileEndpoint.class);

  private final DeltaSource deltas;

  NamedProfileEndpoint(DeltaSource deltas) {
    this.deltas = deltas;
  }

  @Override
  public void serve(HttpServerExchange exchange, String name, Query query) {
    Profile profile = Profile.lookup(name);
    if (profile == null) {
      GoResponses.serveError(exchange, 404, "Unknown profile");
      return;
    }
    String seconds = query.get("seconds");
    if (!seconds.isEmpty()) {
      serveDelta(exchange, profile, seconds, query.get("debug"));
      return;
    }
    int debug = GoStrconv.atoi(query.get("debug"));
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    try {
      if (name.equals("heap") && GoStrconv.atoi(query.get("gc")) > 0) {
        HeapProfiles.gc();
      }
      profile.writeTo(body, debug);
    } catch (IOException | RuntimeException e) {
      log.warn("pprof: cannot collect profile {}", name, e);
      GoResponses.serveError(exchange, 500, "failed to collect profile");
      return;
    }
    if (debug != 0) {
      GoResponses.send(exchange, 200, GoResponses.TEXT, body.toByteArray());
    } else {
      sendAttachment(exchange, name, body.toByteArray());
    }
  }

  /** Go's {@code serveDeltaProfile}, checks in Go's order. */
  private void serveDelta(HttpServerExchange exchange, Profile profile, String secondsText, String debug) {
    Long seconds = GoStrconv.parseInt10(secondsText);
    if (seconds == null || seconds <= 0) {
      GoResponses.serveError(exchange, 400, "invalid value for \"seconds\" - must be a positive integer");
      return;
    }
    if (!DeltaSource.GO_DELTA_PROFILES.contains(profile.name()) || !deltas.supports(profile)) {
      GoResponses.serveError(exchange, 400, "\"seconds\" parameter is not supported for this profile type");
      return;
    }
    if (!debug.isEmpty() && !debug.equals("0")) {
      GoResponses.serveError(exchange, 400, "seconds and debug params are incompatible");
      return;
    }
    AttachmentStream body = new AttachmentStream(exchange, profile.name() + "-delta");
    try {
      deltas.writeDelta(profile, seconds, body);
      body.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failDelta(body, exchange, "context canceled");
    } catch (IOException | RuntimeException e) {
      if (body.clientGone()) {
        log.debug("pprof: delta of {}: client went away: {}", profile.name(), e.toString());
        body.abort();
        return;
      }
      log.warn("pprof: cannot collect delta of profile {}", profile.name(), e);
      failDelta(body, exchange, e instanceof Deltas.Failure f ? f.getMessage() : Deltas.Failure.COLLECT);
    }
  }

  /**
   * Go's 500 when the response has not started; once it has (the delta's first snapshot is taken
   * and the headers sent), the connection is cut so the client sees an error, not a profile.
   */
  private static void failDelta(AttachmentStream body, HttpServerExchange exchange, String goMessage) {
    if (body.committed()) {
      body.abort();
    } else {
      GoResponses.serveError(exchange, 500, goMessage);
    }
  }

  private static void sendAttachment(HttpServerExchange exchange, String filename, byte[] body) {
    exchange.getResponseHeaders()
        .put(Headers.CONTENT_DISPOSITION, "attachment; filename=\"" + filename + "\"");
    GoResponses.send(exchange, 200, GoResponses.BINARY, body);
  }
}
