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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pprof contract's {@link Exchange} over a servlet request and response. Long requests go
 * async ({@link #runLater}) so they hold no container thread. A response that must be cut is
 * handed back to the container with an exception ({@link PprofServlet#ABORT}): containers then
 * close the connection instead of ending the body normally.
 *
 * <p>Once the exchange has ended ({@link #finish} or {@link #abort}) the container recycles the
 * request and response objects and may hand them to another request (Tomcat does), so nothing
 * here touches them again: the request line is read once up front, later writes fail with an
 * {@link IOException}, and a second end does nothing. Writes and the end hold one lock, so the
 * container's end of a failed connection ({@link #onError}) waits for a write in flight: a heartbeat
 * written while Tomcat recycled the response went into the next request's response (one of 16
 * concurrent long requests cut mid-chunk, right after an abandoned profile on the same server).
 */
final class ServletExchange implements Exchange, AsyncListener {
  private static final Logger log = LoggerFactory.getLogger(ServletExchange.class);

  private final HttpServletRequest request;
  private final HttpServletResponse response;
  private final String method;
  private final String rawPath;
  private final String rawQuery;
  private OutputStream out;
  private volatile boolean ended;
  private boolean committed;
  private volatile AsyncContext async;
  private volatile boolean gone;
  private volatile boolean aborted;
  /** Held by every write to the response and by every end of the exchange. */
  private final ReentrantLock lock = new ReentrantLock();
  /** How long the container's end waits for a write in flight (its thread is the container's). */
  private static final long CONTAINER_WAIT_MILLIS = 2000;

  ServletExchange(HttpServletRequest request, HttpServletResponse response) {
    this.request = request;
    this.response = response;
    this.method = request.getMethod();
    this.rawPath = request.getRequestURI();
    this.rawQuery = request.getQueryString();
  }

  boolean aborted() {
    return aborted;
  }

  @Override
  public String method() {
    return method;
  }

  @Override
  public String rawPath() {
    return rawPath;
  }

  @Override
  public String path() {
    String decoded = GoUrl.pathUnescape(rawPath());
    return decoded == null ? rawPath() : decoded;
  }

  @Override
  public String rawQuery() {
    return rawQuery;
  }

  @Override
  public String header(String name) {
    return ended ? null : request.getHeader(name);
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
    lock.lock();
    try {
      if (!ended) {
        response.setHeader(name, value);
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public OutputStream commit(int status, long contentLength) throws IOException {
    lock.lock();
    try {
      if (ended) {
        throw new IOException("jpprof: the exchange has ended");
      }
      response.setStatus(status);
      if (contentLength >= 0) {
        response.setContentLengthLong(contentLength);
      }
      committed = true;
      out = new Guarded(response.getOutputStream());
      return out;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean committed() {
    return committed || ended || response.isCommitted();
  }

  @Override
  public void finish() {
    lock.lock();
    try {
      if (!end()) {
        return;
      }
      try {
        if (out != null) {
          ((Guarded) out).target.flush();
        }
      } catch (IOException | RuntimeException e) {
        gone = true;
      } finally {
        if (async != null) {
          completeQuietly(async);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void abort() {
    gone = true;
    lock.lock();
    try {
      if (!end()) {
        return;
      }
      aborted = true;
      if (async != null) {
        // back into the servlet, which throws: the container cuts the connection
        try {
          request.setAttribute(PprofServlet.ABORT, Boolean.TRUE);
          async.dispatch();
        } catch (IllegalStateException e) {
          completeQuietly(async);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** Completes the request unless the container already has. */
  private static void completeQuietly(AsyncContext async) {
    try {
      async.complete();
    } catch (IllegalStateException e) {
      log.debug("pprof: async request already completed", e);
    }
  }

  /** Marks the exchange ended; false when it had ended already. */
  private synchronized boolean end() {
    if (ended) {
      return false;
    }
    ended = true;
    return true;
  }

  @Override
  public boolean clientGone() {
    return gone || ended;
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

  /** The container saw the connection fail (or time out): it ends the request; we stop using it now. */
  @Override
  public void onError(AsyncEvent event) {
    containerEnded(event);
  }

  @Override
  public void onTimeout(AsyncEvent event) {
    containerEnded(event);
  }

  private void containerEnded(AsyncEvent event) {
    gone = true;
    boolean locked = false;
    try {
      locked = lock.tryLock(CONTAINER_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      if (end()) {
        completeQuietly(event.getAsyncContext());
      }
    } finally {
      if (locked) {
        lock.unlock();
      }
    }
  }

  @Override
  public void onComplete(AsyncEvent event) {
    // done
  }

  @Override
  public void onStartAsync(AsyncEvent event) {
    event.getAsyncContext().addListener(this);
  }

  /** The response stream, closed to writes once the exchange has ended (the container may reuse it). */
  private final class Guarded extends OutputStream {
    final OutputStream target;

    Guarded(OutputStream target) {
      this.target = target;
    }

    private void check() throws IOException {
      if (ended) {
        throw new IOException("jpprof: the exchange has ended");
      }
    }

    @Override
    public void write(int b) throws IOException {
      lock.lock();
      try {
        check();
        target.write(b);
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      lock.lock();
      try {
        check();
        target.write(b, off, len);
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void flush() throws IOException {
      lock.lock();
      try {
        check();
        target.flush();
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void close() throws IOException {
      lock.lock();
      try {
        check();
        target.close();
      } finally {
        lock.unlock();
      }
    }
  }
}
