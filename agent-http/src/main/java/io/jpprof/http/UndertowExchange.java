package io.jpprof.http;

import io.jpprof.internal.http.Exchange;
import io.jpprof.internal.http.GoUrl;
import io.undertow.server.AbstractServerConnection;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.ServerConnection;
import io.undertow.util.HttpString;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import org.xnio.IoUtils;

/**
 * The pprof contract's {@link Exchange} over an Undertow exchange in blocking mode. A client that
 * went away is seen by a non-blocking read of the idle connection: end of stream (or an error)
 * means it closed. Long responses are not persistent, so bytes a client pipelines behind a long
 * request are discarded, not served.
 */
final class UndertowExchange implements Exchange {
  private final HttpServerExchange exchange;
  private final byte[] body;
  private final ByteBuffer probe = ByteBuffer.allocate(256);
  private OutputStream out;
  private boolean committed;
  private volatile boolean gone;

  /** @param body the request body, read already without blocking (POST), or null */
  UndertowExchange(HttpServerExchange exchange, byte[] body) {
    this.exchange = exchange;
    this.body = body;
  }

  @Override
  public String method() {
    return exchange.getRequestMethod().toString();
  }

  @Override
  public String rawPath() {
    String uri = exchange.getRequestURI();
    if (exchange.isHostIncludedInRequestURI()) {
      int scheme = uri.indexOf("://");
      int slash = scheme < 0 ? -1 : uri.indexOf('/', scheme + 3);
      uri = slash < 0 ? "/" : uri.substring(slash);
    }
    return uri;
  }

  @Override
  public String path() {
    String raw = rawPath();
    String decoded = GoUrl.pathUnescape(raw);
    return decoded == null ? raw : decoded;
  }

  @Override
  public String rawQuery() {
    return exchange.getQueryString();
  }

  @Override
  public String header(String name) {
    return exchange.getRequestHeaders().getFirst(name);
  }

  @Override
  public String remoteAddress() {
    return exchange.getSourceAddress() == null ? null : exchange.getSourceAddress().toString();
  }

  @Override
  public InputStream requestBody() {
    return body != null ? new ByteArrayInputStream(body) : exchange.getInputStream();
  }

  @Override
  public void setHeader(String name, String value) {
    exchange.getResponseHeaders().put(new HttpString(name), value);
    if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
      exchange.setPersistent(false);
    }
  }

  @Override
  public OutputStream commit(int status, long contentLength) {
    exchange.setStatusCode(status);
    if (contentLength >= 0) {
      exchange.setResponseContentLength(contentLength);
    } else {
      exchange.setPersistent(false);
    }
    committed = true;
    out = exchange.getOutputStream();
    return out;
  }

  @Override
  public boolean committed() {
    return committed;
  }

  @Override
  public void finish() {
    try {
      if (out != null) {
        out.close();
      }
    } catch (IOException e) {
      gone = true;
    } finally {
      exchange.endExchange();
    }
  }

  @Override
  public void abort() {
    gone = true;
    IoUtils.safeClose(exchange.getConnection());
    try {
      exchange.endExchange();
    } catch (RuntimeException e) {
      // the connection is gone already
    }
  }

  @Override
  public boolean clientGone() {
    if (gone) {
      return true;
    }
    ServerConnection connection = exchange.getConnection();
    if (!connection.isOpen()) {
      return gone = true;
    }
    if (!exchange.isRequestComplete() || !(connection instanceof AbstractServerConnection http1)) {
      return false; // the body is still the request's to read; or not HTTP/1 over a socket
    }
    try {
      synchronized (probe) {
        probe.clear();
        int n = http1.getChannel().getSourceChannel().read(probe);
        if (n > 0) {
          exchange.setPersistent(false); // a pipelined request: dropped, the connection ends
        }
        return gone = n < 0;
      }
    } catch (IOException | RuntimeException e) {
      return gone = true;
    }
  }

  @Override
  public void runLater(Executor executor, Runnable task) {
    exchange.dispatch(executor, task);
  }
}
