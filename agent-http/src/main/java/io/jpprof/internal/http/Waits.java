package io.jpprof.internal.http;

import io.jpprof.internal.profile.ProfileData;
import io.jpprof.internal.profile.ProtoWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Go's {@code sleep(r, d)}: wait for a profile's window unless the client goes away first, the one
 * wait of every long request (profile, wall, trace, delta profiles). The exchange is asked every {@value #POLL_MILLIS} ms
 * whether its client left; a heartbeat (an empty gzip member, on responses that can carry one) is
 * written every second, so transports that cannot tell notice a failed write instead.
 */
final class Waits {
  private static final Logger log = LoggerFactory.getLogger(Waits.class);
  static final long POLL_MILLIS = 100;
  static final long HEARTBEAT_NANOS = 1_000_000_000L;


  private Waits() {}

  /**
   * Waits {@code nanos}; returns false as soon as the client is gone. {@code gzipOut}, when not
   * null, gets an empty gzip member every second.
   */
  static boolean sleep(Exchange exchange, long nanos, OutputStream gzipOut) throws InterruptedException {
    long start = System.nanoTime();
    long nextBeat = start + HEARTBEAT_NANOS;
    for (long left = nanos; left > 0; left = nanos - (System.nanoTime() - start)) {
      Thread.sleep(Math.min(POLL_MILLIS, left / 1_000_000 + 1));
      if (exchange.clientGone()) {
        return false;
      }
      if (gzipOut != null && System.nanoTime() - nextBeat >= 0) {
        nextBeat += HEARTBEAT_NANOS;
        try {
          beat(gzipOut);
        } catch (IOException e) {
          return false;
        }
      }
    }
    return true;
  }

  /** Writes and flushes an empty gzip member: header, an empty final deflate block, CRC 0, size 0. */
  static void beat(OutputStream gzipOut) throws IOException {
    gzipOut.write(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    gzipOut.flush();
  }

  /**
   * Serves a profile recorded over a window, as Go's {@code /profile} does: the gzip attachment
   * starts at once with a heartbeat, the window is waited with {@link #sleep}, then {@code stop}'s
   * profile is written. A client that leaves cuts the exchange; the caller's session is closed by
   * its try-with-resources either way.
   */
  static void serveWindow(Exchange exchange, String attachment, long seconds,
      Callable<ProfileData> stop) throws Exception {
    OutputStream out = GoResponses.attachment(exchange, attachment);
    beat(out);
    if (!sleep(exchange, nanos(seconds), out)) {
      log.debug("pprof: {} client went away", attachment);
      exchange.abort();
      return;
    }
    ProtoWriter.write(stop.call(), out);
    out.flush();
    exchange.finish();
  }

  /** {@code seconds} in nanoseconds, {@link Long#MAX_VALUE} for windows too long to count. */
  static long nanos(long seconds) {
    return seconds > Long.MAX_VALUE / 1_000_000_000L ? Long.MAX_VALUE : seconds * 1_000_000_000L;
  }
}
