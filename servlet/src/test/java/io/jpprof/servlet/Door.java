package io.jpprof.servlet;

import io.jpprof.http.Pprof;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;
import org.xnio.Options;

/**
 * One way into the pprof contract, running on 127.0.0.1 with few threads (so a long request that
 * held one would show): the standalone server, the Undertow handler in a user's Undertow, and the
 * servlet in embedded Tomcat and Jetty ({@link Doors}), each beside a host endpoint of its own
 * ({@link #hostUrl}).
 */
abstract class Door {
  /** The base URL the contract is mounted at, with trailing slash, e.g. {@code http://…/app/debug/pprof/}. */
  abstract String pprofUrl();

  /** The host application's own endpoint (answers {@code hello}), or null for the standalone server. */
  abstract String hostUrl();

  abstract String name();

  @Override
  public String toString() {
    return name();
  }

  abstract void stop() throws Exception;


  static Door standalone() {
    Pprof.Server s = Pprof.start(0);
    return new Door() {
      String pprofUrl() {
        return s.url();
      }

      String hostUrl() {
        return null;
      }

      String name() {
        return "standalone";
      }

      void stop() {
        s.close();
      }
    };
  }

  static Door undertowHandler() {
    Undertow u = Undertow.builder()
        .addHttpListener(0, "127.0.0.1")
        .setIoThreads(1)
        .setWorkerThreads(4)
        .setWorkerOption(Options.THREAD_DAEMON, true)
        .setHandler(Handlers.path(ex -> {
              ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
              ex.getResponseSender().send("hello");
            })
            .addPrefixPath("/debug/pprof", Pprof.handler()))
        .build();
    u.start();
    int port = ((InetSocketAddress) u.getListenerInfo().get(0).getAddress()).getPort();
    return new Door() {
      String pprofUrl() {
        return "http://127.0.0.1:" + port + "/debug/pprof/";
      }

      String hostUrl() {
        return "http://127.0.0.1:" + port + "/hello";
      }

      String name() {
        return "undertow-handler";
      }

      void stop() {
        u.stop();
      }
    };
  }
}
