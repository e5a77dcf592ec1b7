package io.jpprof.servlet;

import io.jpprof.internal.http.Exchange;
import io.jpprof.internal.http.GoUrl;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pprof contract's {@link Exchange} over a servlet request and response. Long requests go
 * async ({@link #runLater}) so they hold no container thread. A response that must be cut is
 * handed back to the container with an exception ({@link PprofServlet#ABORT}): containers then
 * close the connection instead of ending the body normally.
 */
final class ServletExchange implements Exchange, AsyncListener {
  private static final Logger log = LoggerFactory.getLogger(ServletExchange.class);

  private final HttpServletRequest request;
  private final HttpServletResponse response;
  private OutputStream out;
  private boolean committed;
  private volatile AsyncContext async;
  private volatile boolean gone;
  private volatile boolean aborted;

  ServletExchange(HttpServletRequest request, HttpServletResponse response) {
    this.request = request;
    this.response = response;
  }

  boolean aborted() {
    return aborted;
  }

  @Override
  public String method() {
    return request.getMethod();
  }

  @Override
  public String rawPath() {
    return request.getRequestURI();
  }

  @Override
  public String path() {
    String decoded = GoUrl.pathUnescape(rawPath());
    return decoded == null ? rawPath() : decoded;
  }

  @Override
  public String rawQuery() {
    return request.getQueryString();
  }

  @Override
  public String header(String name) {
    return request.getHeader(name);
  }

  @Override
  public String remoteAddress() {
    return request.getRemoteAddr() + ":" + request.getRemotePort();
  }

  @Override
  public InputStream requestBody() throws IOException {
    return request.getInputStream();
  }

  @Override
  public void setHeader(String name, String value) {
    response.setHeader(name, value);
  }

  @Override
  public OutputStream commit(int status, long contentLength) throws IOException {
    response.setStatus(status);
    if (contentLength >= 0) {
      response.setContentLengthLong(contentLength);
    }
    committed = true;
    out = response.getOutputStream();
    return out;
  }

  @Override
  public boolean committed() {
    return committed || response.isCommitted();
  }

  @Override
  public void finish() {
    try {
      if (out != null) {
        out.flush();
      }
    } catch (IOException e) {
      gone = true;
    } finally {
      if (async != null) {
        async.complete();
      }
    }
  }

  @Override
  public void abort() {
    gone = true;
    aborted = true;
    if (async != null) {
      // back into the servlet, which throws: the container cuts the connection
      request.setAttribute(PprofServlet.ABORT, Boolean.TRUE);
      try {
        async.dispatch();
      } catch (IllegalStateException e) {
        async.complete();
      }
    }
  }

  @Override
  public boolean clientGone() {
    return gone;
  }

  @Override
  public void runLater(Executor executor, Runnable task) {
    if (!request.isAsyncSupported()) {
      log.warn("pprof: servlet not async-supported: a long request holds a container thread"
          + " (register PprofServlet with asyncSupported=true)");
      task.run();
      return;
    }
    AsyncContext ac = request.startAsync(request, response);
    ac.setTimeout(0);
    ac.addListener(this);
    async = ac;
    executor.execute(task);
  }

  @Override
  public void onError(AsyncEvent event) {
    gone = true;
  }

  @Override
  public void onTimeout(AsyncEvent event) {
    gone = true;
  }

  @Override
  public void onComplete(AsyncEvent event) {
    // done
  }

  @Override
  public void onStartAsync(AsyncEvent event) {
    event.getAsyncContext().addListener(this);
  }
}
