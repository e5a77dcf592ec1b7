package io.jpprof.http;

import io.jpprof.internal.http.PprofHandler;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.io.ByteArrayOutputStream;
import org.xnio.IoUtils;

/**
 * The pprof contract as an Undertow {@link HttpHandler}: each request leaves the IO thread for a
 * worker (a POST body is read first, without blocking, so a client that stalls mid-body holds no
 * thread), then {@link PprofHandler} serves it; long requests move on to the contract's own pool.
 */
final class UndertowDoor implements HttpHandler {
  /** The most of a POST body kept; {@code symbol} reports a longer one as too large. */
  private static final int MAX_BODY = (4 << 20) + 1;

  private final PprofHandler contract;
  private final String prefix;

  UndertowDoor(PprofHandler contract, String prefix) {
    this.contract = contract;
    this.prefix = prefix;
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
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    exchange.getRequestReceiver().receivePartialBytes(
        (ex, bytes, last) -> {
          if (body.size() < MAX_BODY) {
            body.write(bytes, 0, Math.min(bytes.length, MAX_BODY - body.size()));
          }
          if (last || body.size() >= MAX_BODY) {
            if (!last) {
              ex.setPersistent(false);
              ex.getRequestReceiver().pause();
            }
            ex.dispatch(() -> serve(ex, body.toByteArray()));
          }
        },
        (ex, error) -> {
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
