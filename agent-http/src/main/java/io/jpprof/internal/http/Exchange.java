package io.jpprof.internal.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.Executor;

/**
 * One request and its response, as the pprof contract ({@link PprofHandler}) needs them from a
 * transport: the standalone server, the Undertow handler and the Jakarta servlet each implement it
 * in one small adapter class and add no behaviour of their own.
 *
 * <p>Besides request and response, an exchange can be handed to another thread ({@link #runLater},
 * so a 30-second profile holds no transport thread), tells when its client went away ({@link
 * #clientGone}, Go's {@code r.Context().Done()}), and can be cut ({@link #abort}) when a response
 * that already started cannot be completed.
 */
public interface Exchange {
  /** The method, e.g. {@code GET}. */
  String method();

  /** The path as the client sent it, decoded, e.g. {@code /debug/pprof/heap}. */
  String path();

  /** The first value of a request header, or null. */
  String header(String name);

  /** The client's address ({@code ip:port}), or null when the transport does not tell. */
  String remoteAddress();

  /**
   * The path as sent, still escaped, without the query: {@code /debug/pprof/heap}, or {@code *}
   * for {@code OPTIONS *}.
   */
  String rawPath();

  /** The raw (still escaped) query without {@code ?}, or null. */
  String rawQuery();

  /** The request body. */
  InputStream requestBody() throws IOException;

  /** Sets a response header; only before {@link #commit}. */
  void setHeader(String name, String value);

  /**
   * Fixes the status (headers set so far go with it) and returns the body stream. The headers are
   * sent with the first byte or flush. {@code contentLength} is -1 when unknown (streamed).
   */
  OutputStream commit(int status, long contentLength) throws IOException;

  /** Whether status and headers have been sent to the client. */
  boolean committed();

  /** Ends the response normally. Idempotent. */
  void finish();

  /**
   * Ends a response that cannot be completed: the connection is closed, mid-body if the body
   * started, so the client sees an error rather than a complete but wrong answer.
   */
  void abort();

  /**
   * Whether the client is known to have gone away (closed its connection). Cheap; called every
   * 100 ms while a long request waits. Transports that cannot tell answer false, and the write of
   * a heartbeat tells instead.
   */
  boolean clientGone();

  /**
   * Continues the exchange in {@code task} on {@code executor} once the current handler returns,
   * without holding the transport's thread (Undertow: dispatch; servlet: async). The task must end
   * the exchange ({@link #finish} or {@link #abort}).
   */
  void runLater(Executor executor, Runnable task);
}
