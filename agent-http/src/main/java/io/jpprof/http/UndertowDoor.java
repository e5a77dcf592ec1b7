package io.jpprof.http;

import io.jpprof.internal.http.PprofHandler;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;

/**
 * The pprof contract as an Undertow {@link HttpHandler}: each request leaves the IO thread for a
 * worker (a POST body is read first, without blocking, so a client that stalls mid-body holds no
 * thread), then {@link PprofHandler} serves it; long requests move on to the contract's own pool.
 *
 * <p>A body is bounded in size and time, where Go's server (without a ReadTimeout) would wait for
 * it: a declared {@code Content-Length} beyond what is read answers {@code 413} at once, and a
 * body not received within the body timeout answers {@code 408}; both close the connection.
 */
final class UndertowDoor implements HttpHandler {
  /** The most of a POST body kept; {@code symbol} reports a longer one as too large. */
  private static final int MAX_BODY = (4 << 20) + 1;

  private final PprofHandler contract;
  private final String prefix;
  private final long bodyTimeoutMillis;

  UndertowDoor(PprofHandler contract, String prefix, Duration bodyTimeout) {
    this.contract = contract;
    this.prefix = prefix;
    this.bodyTimeoutMillis = bodyTimeout.toMillis();
  }

  PprofHandler contract() {
    return contract;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    if (!exchange.isInIoThread()) {
      serve(exchange, null);
      return;
    }
    if (exchange.isRequestComplete()) {
      exchange.dispatch(() -> serve(exchange, null));
      return;
    }
    long declared = exchange.getRequestContentLength();
    if (declared >= MAX_BODY) {
      ServerChecks.answer(exchange, 413, "jpprof: request body too large: Content-Length " + declared
          + ", at most " + (MAX_BODY - 1) + " bytes are read\n");
      return;
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    // every callback below and the timer run on this exchange's IO thread, one at a time
    boolean[] done = new boolean[1];
    long[] received = new long[1];
    XnioExecutor.Key timer = exchange.getIoThread().executeAfter(() -> {
      if (!done[0]) {
        done[0] = true;
        exchange.getRequestReceiver().pause();
        ServerChecks.answer(exchange, 408, "jpprof: request body not received within " + bodyTimeoutMillis + " ms ("
            + received[0] + (declared >= 0 ? " of " + declared : "") + " bytes)\n");
      }
    }, bodyTimeoutMillis, TimeUnit.MILLISECONDS);
    exchange.getRequestReceiver().receivePartialBytes(
        (ex, bytes, last) -> {
          if (done[0]) {
            return;
          }
          received[0] += bytes.length;
          if (body.size() < MAX_BODY) {
            body.write(bytes, 0, Math.min(bytes.length, MAX_BODY - body.size()));
          }
          if (last || body.size() >= MAX_BODY) {
            done[0] = true;
            timer.remove();
            if (!last) {
              ex.setPersistent(false);
              ex.getRequestReceiver().pause();
            }
            ex.dispatch(() -> serve(ex, body.toByteArray()));
          }
        },
        (ex, error) -> {
          done[0] = true;
          timer.remove();
          IoUtils.safeClose(ex.getConnection());
          ex.endExchange();
        });
  }

  private void serve(HttpServerExchange exchange, byte[] body) {
    if (!exchange.isBlocking()) {
      exchange.startBlocking();
    }
    contract.handle(new UndertowExchange(exchange, body), prefix);
  }
}
