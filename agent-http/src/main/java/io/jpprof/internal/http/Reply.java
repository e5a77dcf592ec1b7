package io.jpprof.internal.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A response served once into memory and then sent, byte for byte, to every request that shares
 * it ({@link SharedCollections}): an {@link Exchange} whose request side is the first sharer's and
 * whose response (status, headers in order, body) is kept, to be replayed with {@link #sendTo}. GET
 * and HEAD share replies: the body is always kept, and left out when sent to a HEAD.
 */
final class Reply implements Exchange {
  private static final Logger log = LoggerFactory.getLogger(Reply.class);

  private final Exchange request;
  private final List<String[]> headers = new ArrayList<>();
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();
  private int status;
  private boolean committed;
  private boolean aborted;

  /** A reply to be served for {@code request}'s method, path, query and headers. */
  Reply(Exchange request) {
    this.request = request;
  }

  /** A finished reply: {@code status}, text. */
  static Reply error(Exchange request, int status, String message) {
    Reply r = new Reply(request);
    GoResponses.serveError(r, status, message);
    return r;
  }

  /**
   * Sends this reply to {@code exchange} and ends it: the same headers, status and bytes (none
   * for HEAD); a reply that was cut cuts {@code exchange}'s connection too.
   */
  void sendTo(Exchange exchange) {
    if (aborted || !committed) {
      exchange.abort();
      return;
    }
    for (String[] h : headers) {
      exchange.setHeader(h[0], h[1]);
    }
    try {
      OutputStream out = exchange.commit(status, body.size());
      if (!GoResponses.isHead(exchange)) {
        body.writeTo(out);
      }
      out.flush();
    } catch (IOException e) {
      log.debug("pprof: response to {} not delivered: {}", exchange.path(), e.toString());
    }
    exchange.finish();
  }

  /** The body's size in bytes. */
  int size() {
    return body.size();
  }

  int status() {
    return status;
  }

  /** GET for HEAD too: the body is kept whole, and {@link #sendTo} leaves it out for HEAD. */
  @Override
  public String method() {
    String method = request.method();
    return method.equals("HEAD") ? "GET" : method;
  }

  @Override
  public String path() {
    return request.path();
  }

  @Override
  public String header(String name) {
    return request.header(name);
  }

  @Override
  public String remoteAddress() {
    return request.remoteAddress();
  }

  @Override
  public String rawPath() {
    return request.rawPath();
  }

  @Override
  public String rawQuery() {
    return request.rawQuery();
  }

  @Override
  public InputStream requestBody() {
    return InputStream.nullInputStream(); // shared answers are for GET and HEAD only
  }

  @Override
  public void setHeader(String name, String value) {
    if (!committed) {
      headers.removeIf(h -> h[0].equalsIgnoreCase(name));
      headers.add(new String[] {name, value});
    }
  }

  @Override
  public OutputStream commit(int status, long contentLength) {
    if (committed) {
      throw new IllegalStateException("response already started");
    }
    this.status = status;
    this.committed = true;
    return body;
  }

  @Override
  public boolean committed() {
    return committed;
  }

  @Override
  public void finish() {
    // the body is complete in memory
  }

  @Override
  public void abort() {
    aborted = true;
  }

  @Override
  public boolean clientGone() {
    return false; // the reply is for everyone who shares it, not for one client
  }

  @Override
  public void runLater(Executor executor, Runnable task) {
    task.run(); // already on a collection thread
  }
}
