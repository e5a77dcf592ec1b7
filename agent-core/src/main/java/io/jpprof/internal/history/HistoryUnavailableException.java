package io.jpprof.internal.history;

/**
 * A window that history cannot answer: history is off, or the window reaches back before the
 * oldest data kept. The message is the text a client sees (HTTP 400).
 */
public final class HistoryUnavailableException extends Exception {
  private static final long serialVersionUID = 1L;

  HistoryUnavailableException(String message) {
    super(message);
  }
}
