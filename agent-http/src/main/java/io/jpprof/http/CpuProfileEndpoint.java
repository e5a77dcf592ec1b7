package io.jpprof.http;

import io.jpprof.internal.cpu.CpuProfiler;
import io.jpprof.internal.profile.ProfileData;
import io.jpprof.internal.profile.ProtoWriter;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.io.IOException;
import java.io.OutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code <prefix>/profile}: a CPU profile of the next {@code seconds} (default 30), as Go's {@code
 * pprof.Profile} serves it (spec §2.3). {@code seconds} is parsed as Go does: anything that is not a
 * positive integer means 30. Only one CPU profile runs at a time in the process; a second request
 * gets Go's 500 {@code Could not enable CPU profiling: cpu profiling already in use}.
 *
 * <p>Extension: {@code hz} sets the sampling rate (default 100, Go's; at most 1000; anything that
 * is not a positive integer means 100).
 *
 * <p>Unlike Go, the response starts at once: the headers and an empty gzip member (20 bytes) are
 * sent when the profile starts, and another empty member every second while it runs; the profile
 * itself is the last member. gzip readers (Go's, pprof's, {@code GZIPInputStream}, {@code gzip -d})
 * read concatenated members as one stream, and empty members add nothing to it. That is how a
 * client that goes away is noticed: a write fails, and the JFR recording is closed at once instead
 * of running to the end.
 */
final class CpuProfileEndpoint implements Endpoint {
  private static final Logger log = LoggerFactory.getLogger(CpuProfileEndpoint.class);
  private static final long DEFAULT_SECONDS = 30;
  private static final long PROBE_MILLIS = 1000;

  @Override
  public void serve(HttpServerExchange exchange, String name, Query query) {
    Long seconds = GoStrconv.parseInt10(query.get("seconds"));
    long duration = seconds == null || seconds <= 0 ? DEFAULT_SECONDS : seconds;
    int hz = GoStrconv.atoi(query.get("hz"));
    CpuProfiler.Session session;
    try {
      session = CpuProfiler.start(hz <= 0 ? CpuProfiler.DEFAULT_HZ : hz);
    } catch (IllegalStateException e) {
      GoResponses.serveError(exchange, 500, "Could not enable CPU profiling: " + e.getMessage());
      return;
    } catch (RuntimeException e) {
      log.warn("pprof: cannot start CPU profiling", e);
      GoResponses.serveError(exchange, 500, "Could not enable CPU profiling: " + e);
      return;
    }
    try (session) {
      exchange.setStatusCode(200);
      exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, GoResponses.BINARY);
      exchange.getResponseHeaders().put(GoResponses.X_CONTENT_TYPE_OPTIONS, "nosniff");
      exchange.getResponseHeaders().put(Headers.CONTENT_DISPOSITION, "attachment; filename=\"profile\"");
      boolean head = Methods.HEAD.equals(exchange.getRequestMethod());
      OutputStream out = head ? OutputStream.nullOutputStream() : exchange.getOutputStream();
      long deadline = System.nanoTime() + duration * 1_000_000_000L;
      for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
        out.write(EMPTY_GZIP_MEMBER);
        out.flush();
        Thread.sleep(Math.min(PROBE_MILLIS, left / 1_000_000 + 1));
      }
      ProfileData profile = session.stop();
      ProtoWriter.write(profile, out);
      out.close();
    } catch (IOException e) {
      log.debug("pprof: CPU profile client went away: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.warn("pprof: CPU profile failed", e);
    } finally {
      exchange.endExchange();
    }
  }

  /** A complete gzip member with no content: header, an empty final deflate block, CRC 0, size 0. */
  static final byte[] EMPTY_GZIP_MEMBER = {
    0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0
  };
}
