package io.jpprof.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.io.IOException;
import java.io.OutputStream;
import org.xnio.IoUtils;

/**
 * A 200 attachment whose headers are sent with the first byte: until then the handler can still
 * answer an error instead ({@link #committed()} is false). For responses that start long before
 * they end (delta profiles), so a client that goes away is noticed by a failed write. HEAD gets the
 * headers and no body.
 */
final class AttachmentStream extends OutputStream {
  private final HttpServerExchange exchange;
  private final String filename;
  private OutputStream out;
  private boolean clientGone;

  AttachmentStream(HttpServerExchange exchange, String filename) {
    this.exchange = exchange;
    this.filename = filename;
  }

  /** Whether the status and headers are fixed (something was written or flushed). */
  boolean committed() {
    return out != null;
  }

  /** Whether a write to the client failed. */
  boolean clientGone() {
    return clientGone;
  }

  private OutputStream out() {
    if (out == null) {
      exchange.setStatusCode(200);
      exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, GoResponses.BINARY);
      exchange.getResponseHeaders().put(GoResponses.X_CONTENT_TYPE_OPTIONS, "nosniff");
      exchange.getResponseHeaders()
          .put(Headers.CONTENT_DISPOSITION, "attachment; filename=\"" + filename + "\"");
      boolean head = Methods.HEAD.equals(exchange.getRequestMethod());
      out = head ? OutputStream.nullOutputStream() : exchange.getOutputStream();
    }
    return out;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    try {
      out().write(b, off, len);
    } catch (IOException e) {
      clientGone = true;
      throw e;
    }
  }

  @Override
  public void flush() throws IOException {
    try {
      out().flush();
    } catch (IOException e) {
      clientGone = true;
      throw e;
    }
  }

  /** Ends the response normally (an empty body if nothing was written). */
  @Override
  public void close() throws IOException {
    try {
      out().close();
    } catch (IOException e) {
      clientGone = true;
      throw e;
    } finally {
      exchange.endExchange();
    }
  }

  /**
   * Ends a committed response that cannot be completed: the connection is closed mid-body, so the
   * client sees a truncated response (an error) rather than a complete but wrong one.
   */
  void abort() {
    IoUtils.safeClose(exchange.getConnection());
    try {
      exchange.endExchange();
    } catch (RuntimeException e) {
      // the connection is gone already
    }
  }
}
