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
final class Door {
  /** Stops a door's server. */
  interface Stop {
    void stop() throws Exception;
  }

  private final String name;
  private final String pprofUrl;
  private final String hostUrl;
  private final Stop stop;

  Door(String name, String pprofUrl, String hostUrl, Stop stop) {
    this.name = name;
    this.pprofUrl = pprofUrl;
    this.hostUrl = hostUrl;
    this.stop = stop;
  }

  /** The base URL the contract is mounted at, with trailing slash, e.g. {@code http://…/app/debug/pprof/}. */
  String pprofUrl() {
    return pprofUrl;
  }

  /** The host application's own endpoint (answers {@code hello}), or null for the standalone server. */
  String hostUrl() {
    return hostUrl;
  }

  String name() {
    return name;
  }

  @Override
  public String toString() {
    return name;
  }

  void stop() throws Exception {
    stop.stop();
  }

  static Door standalone() {
    Pprof.Server s = Pprof.start(0);
    return new Door("standalone", s.url(), null, s::close);
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
    String base = "http://127.0.0.1:" + ((InetSocketAddress) u.getListenerInfo().get(0).getAddress()).getPort();
    return new Door("undertow-handler", base + "/debug/pprof/", base + "/hello", u::stop);
  }
}
