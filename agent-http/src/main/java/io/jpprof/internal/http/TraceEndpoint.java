package io.jpprof.internal.http;

import io.jpprof.internal.Collectors;
import io.jpprof.internal.jfr.JfrTrace;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code <prefix>/trace}: an execution trace of the next {@code seconds} (default 1; fractions
 * allowed; anything Go's {@code strconv.ParseFloat} rejects, and values not above 0, mean 1), as
 * Go's {@code pprof.Trace} serves it (at most {@link JfrTrace#MAX_DURATION}), except that the trace is a JFR recording with
 * the JDK's {@code profile} settings: open it with {@code jfr summary trace}, {@code jfr print} or
 * JDK Mission Control, not {@code go tool trace}. Only one trace runs at a time; a second request
 * gets Go's 500 {@code Could not enable tracing: runtime error: tracing is already enabled}. A CPU
 * profile may run at the same time.
 *
 * <p>The recording is written to a temporary file when the window ends, streamed as {@code
 * application/octet-stream} with {@code Content-Disposition: attachment; filename="trace"}, and the
 * file deleted. A client that goes away during the window ends the recording at once where the
 * transport can tell ({@link Exchange#clientGone}; a JFR file cannot carry the empty keep-alive
 * members {@code /profile} writes), else when the recording is written; either way the recording
 * is closed and the file deleted, so nothing is left behind.
 */
final class TraceEndpoint implements Endpoint {
  private static final Logger log = LoggerFactory.getLogger(TraceEndpoint.class);
  private static final String ERROR_PREFIX = "Could not enable tracing: ";
  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
  private static final Pattern INFINITY = Pattern.compile("[+-]?(inf|infinity)");
  private final Collectors collectors;

  TraceEndpoint(Collectors collectors) {
    this.collectors = collectors;
  }

  @Override
  public boolean isLong(Query query) {
    return true;
  }

  @Override
  public boolean needsJfr(String name) {
    return true;
  }

  @Override
  public void serve(Exchange exchange, String name, Query query) throws Exception {
    long windowNanos = windowNanos(query.get("seconds"));
    JfrTrace trace;
    try {
      // secrets (environment, properties, arguments, command lines) stay out: docs/security.md
      trace = collectors.tracer().start(Duration.ofNanos(windowNanos), false);
    } catch (IllegalStateException e) {
      // Go's runtime.StartTrace error is a runtime.errorString: "runtime error: " + text
      GoResponses.serveError(exchange, 500, ERROR_PREFIX + "runtime error: " + e.getMessage());
      return;
    }
    try (trace) {
      if (!Waits.sleep(exchange, trace.window().toNanos(), null)) {
        log.debug("pprof: trace client went away");
        exchange.abort();
        return;
      }
      OutputStream out = GoResponses.attachment(exchange, "trace");
      trace.writeTo(out);
      exchange.finish();
    }
  }

  /**
   * The window Go's handler waits: {@code ParseFloat(seconds, 64)}, 1 s on an error or a value not
   * above 0. A value too large for a {@code time.Duration}, infinity or NaN waits not at all, as
   * the conversion overflows to a negative duration in Go.
   */
  static long windowNanos(String seconds) {
    Double sec = parseFloat(seconds);
    if (sec == null || sec <= 0) {
      return 1_000_000_000L;
    }
    double nanos = sec * 1e9;
    return nanos >= 0x1p63 || Double.isNaN(nanos) ? 0 : (long) nanos;
  }

  /**
   * Go's {@code strconv.ParseFloat(s, 64)} for its decimal and special ({@code inf}, {@code
   * infinity}, unsigned {@code nan}, any case) forms; null where Go returns an error, including
   * out of range. Hexadecimal floats are not accepted.
   */
  static Double parseFloat(String s) {
    String lower = s.toLowerCase(Locale.ROOT);
    if (lower.equals("nan")) {
      return Double.NaN;
    }
    if (INFINITY.matcher(lower).matches()) {
      return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (!DECIMAL.matcher(s).matches()) {
      return null;
    }
    double d = Double.parseDouble(s);
    return Double.isInfinite(d) ? null : d;
  }
}
