package io.jpprof.internal.jfr;

/**
 * Thrown by a JFR-backed profile or trace on a runtime without JFR; the message is the whole
 * explanation ({@link Jfr#unavailableReason()}), fit to be served as the error text. An {@link
 * UnsupportedOperationException}, so users of the public API need no jpprof type to catch it.
 */
public final class JfrUnavailableException extends UnsupportedOperationException {
  private static final long serialVersionUID = 1L;

  /** With the reason as message. */
  public JfrUnavailableException(String reason) {
    super(reason);
  }
}
