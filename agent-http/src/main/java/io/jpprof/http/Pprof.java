package io.jpprof.http;

import io.jpprof.Profile;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.Options;

/**
 * Package io.jpprof.http serves runtime profiling data over HTTP in the format expected by the
 * pprof visualization tool, the JVM's counterpart of Go's {@code net/http/pprof}.
 *
 * <p>Start the server once, early in {@code main}:
 *
 * <pre>{@code
 * Pprof.Server pprof = Pprof.start(6060);   // http://127.0.0.1:6060/debug/pprof/
 * }</pre>
 *
 * or choose the address and path:
 *
 * <pre>{@code
 * Pprof.Server pprof = Pprof.builder().host("0.0.0.0").port(0).pathPrefix("/admin/pprof").start();
 * System.err.println(pprof.url());
 * }</pre>
 *
 * All paths begin with {@code /debug/pprof/} (or the chosen prefix). Use the pprof tool to look at
 * a profile:
 *
 * <pre>
 * go tool pprof http://localhost:6060/debug/pprof/goroutine
 * </pre>
 *
 * To view all available profiles, open {@code http://localhost:6060/debug/pprof/} in your browser.
 *
 * <h2>Endpoints</h2>
 *
 * <pre>
 * /debug/pprof/           index page: every profile with its count, and the endpoints below
 * /debug/pprof/cmdline    the command line, arguments separated by NUL bytes
 * /debug/pprof/profile    CPU profile of the next {@code seconds} (default 30; {@code hz} sets the rate)
 * /debug/pprof/symbol     program counters to method names (GET raw query or POST body, '+'-separated)
 * /debug/pprof/trace      a JFR recording of the next {@code seconds} (default 1), for jfr and JDK Mission Control
 * /debug/pprof/delta_heap, delta_block, delta_mutex
 *                         godeltaprof's paths for continuous profilers: the change since the previous scrape
 * /debug/pprof/ui/        the built-in viewer: flame graph, top table and diff (ui/NAME?params per profile)
 * /debug/pprof/NAME       the profile registered as NAME (io.jpprof.Profile.lookup), names may contain '/'
 * </pre>
 *
 * <p>On a named profile, {@code debug=0} (the default, or anything {@code strconv.Atoi} rejects)
 * answers the gzip-compressed protocol buffer as an attachment; any other value answers the legacy
 * text form ({@code debug=2} on goroutine: the JVM's thread dump). {@code seconds=N} asks for a
 * delta profile: the change over the next N seconds, for allocs, block, goroutine, heap, mutex and
 * threadcreate (others answer 400 {@code "seconds" parameter is not supported for this profile
 * type}). Values of a delta may be negative (threads that ended in the window). The response starts
 * when the window starts: an empty gzip member each second, then the profile; a client that goes
 * away ends the delta at once. Failures before the window starts are Go's 500s; a failure at its
 * end (the second snapshot) cuts the connection, since the 200 is already sent.
 *
 * <p>Responses match Go's: {@code X-Content-Type-Options: nosniff} everywhere; errors are {@code
 * text/plain} with {@code X-Go-Pprof: 1} and Go's exact messages (so {@code go tool pprof} prints
 * them); GET and HEAD everywhere, POST also on {@code symbol}, other methods 405; unclean paths and
 * the prefix without its slash are redirected with 301.
 *
 * <p>The server is small: one IO thread and four worker threads, all daemon threads, so it never
 * keeps the JVM alive. Binding to {@code 127.0.0.1} (the default) keeps profiles off the network:
 * they reveal code and thread names.
 */
public final class Pprof {
  /** The path prefix Go uses. */
  public static final String DEFAULT_PATH_PREFIX = "/debug/pprof";

  private static final Logger log = LoggerFactory.getLogger(Pprof.class);
  private static final AtomicInteger SERVERS = new AtomicInteger();

  private Pprof() {}

  /**
   * Serves {@code /debug/pprof/} on {@code 127.0.0.1:port} ({@code 0} picks a free port) and
   * returns once the server accepts connections.
   *
   * @throws UncheckedIOException when the port cannot be bound
   */
  public static Server start(int port) {
    return builder().port(port).start();
  }

  /** A builder for a server on another host or path. */
  public static Builder builder() {
    return new Builder();
  }

  /** Where to serve: host (default {@code 127.0.0.1}), port and path prefix. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = 6060;
    private String pathPrefix = DEFAULT_PATH_PREFIX;
    private DeltaSource deltas = new ProfileDeltas();

    private Builder() {}

    /** The address to bind, a host name or IP literal; {@code 127.0.0.1} by default. */
    public Builder host(String host) {
      if (host == null || host.isEmpty()) {
        throw new IllegalArgumentException("host must not be empty");
      }
      this.host = host;
      return this;
    }

    /** The port, 0 for any free port; 6060 by default. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * The path under which everything is served, {@code /debug/pprof} by default. A trailing
     * slash is ignored; {@code /} serves at the root.
     *
     * @throws IllegalArgumentException when the prefix does not begin with {@code /} or is not a
     *     clean path (no {@code //}, {@code .} or {@code ..} segments)
     */
    public Builder pathPrefix(String pathPrefix) {
      if (pathPrefix == null || !pathPrefix.startsWith("/")) {
        throw new IllegalArgumentException("path prefix must begin with /: " + pathPrefix);
      }
      String p = pathPrefix;
      while (p.endsWith("/")) {
        p = p.substring(0, p.length() - 1);
      }
      if (!p.isEmpty() && !GoUrl.clean(p).equals(p)) {
        throw new IllegalArgumentException("path prefix must be a clean path: " + pathPrefix);
      }
      this.pathPrefix = p;
      return this;
    }

    /** Serves delta profiles from {@code deltas} (tests). */
    Builder deltas(DeltaSource deltas) {
      this.deltas = deltas;
      return this;
    }

    /**
     * Starts the server and returns once it accepts connections. Also starts, in the background,
     * the always-on collectors behind heap, allocs, block, mutex and threadcreate ({@link
     * Profile#startRecording()}).
     *
     * @throws UncheckedIOException when the address cannot be bound
     */
    public Server start() {
      Map<String, Endpoint> endpoints = new LinkedHashMap<>();
      endpoints.put("cmdline", new CmdlineEndpoint());
      endpoints.put("profile", new CpuProfileEndpoint());
      endpoints.put("symbol", new SymbolEndpoint());
      endpoints.put("trace", new TraceEndpoint());
      for (String profile : new String[] {"heap", "block", "mutex"}) {
        endpoints.put("delta_" + profile, new ScrapeDeltaEndpoint(profile));
      }
      UiEndpoint ui = new UiEndpoint(pathPrefix);
      endpoints.put(UiEndpoint.NAME, ui);
      endpoints.put(UiEndpoint.NAME + "/", ui);
      Server server = Server.start(host, port, pathPrefix, new Router(pathPrefix, endpoints, deltas));
      // after the listener is up, and off the caller's thread: the collectors' own set-up (JMX, JFR
      // classes) would otherwise add about half a second to start()
      Thread collectors = new Thread(Profile::startRecording, "jpprof-start");
      collectors.setDaemon(true);
      collectors.start();
      return server;
    }
  }

  /** A running pprof server. {@link #close()} stops it and all its threads. */
  public static final class Server implements AutoCloseable {
    private final Undertow undertow;
    private final String workerName;
    private final String host;
    private final int port;
    private final String pathPrefix;

    private Server(Undertow undertow, String workerName, String host, int port, String pathPrefix) {
      this.undertow = undertow;
      this.workerName = workerName;
      this.host = host;
      this.port = port;
      this.pathPrefix = pathPrefix;
    }

    static Server start(String host, int port, String pathPrefix, Router router) {
      String workerName = "jpprof-http-" + SERVERS.incrementAndGet();
      Undertow undertow =
          Undertow.builder()
              .addHttpListener(port, host)
              .setIoThreads(1)
              .setWorkerThreads(4)
              .setWorkerOption(Options.WORKER_NAME, workerName)
              .setWorkerOption(Options.THREAD_DAEMON, true)
              .setServerOption(UndertowOptions.ALLOW_ENCODED_SLASH, true)
              .setHandler(router)
              .build();
      try {
        undertow.start();
      } catch (RuntimeException e) {
        stopQuietly(undertow);
        IOException cause =
            e.getCause() instanceof IOException io ? io : new IOException(e.getMessage(), e);
        throw new UncheckedIOException("pprof: cannot listen on " + host + ":" + port, cause);
      }
      InetSocketAddress bound = (InetSocketAddress) undertow.getListenerInfo().get(0).getAddress();
      Server server = new Server(undertow, workerName, host, bound.getPort(), pathPrefix);
      log.debug("pprof: serving {}", server.url());
      return server;
    }

    private static void stopQuietly(Undertow undertow) {
      try {
        undertow.stop();
      } catch (RuntimeException suppressed) {
        log.debug("pprof: stopping after a failed start", suppressed);
      }
    }

    /** The host the server was asked to bind. */
    public String host() {
      return host;
    }

    /** The port the server listens on (the chosen one when started with port 0). */
    public int port() {
      return port;
    }

    /** The index page's URL, e.g. {@code http://127.0.0.1:6060/debug/pprof/}. */
    public String url() {
      String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
      return "http://" + h + ":" + port + pathPrefix + "/";
    }

    /** The name prefix of this server's threads. */
    String workerName() {
      return workerName;
    }

    /** Stops the server; returns once its threads have ended. Idempotent. */
    @Override
    public void close() {
      undertow.stop();
      // XNIO counts a thread as terminated just before it exits; wait until it has exited
      for (Thread t : Thread.getAllStackTraces().keySet()) {
        if (t.getName().startsWith(workerName + " ") && t != Thread.currentThread()) {
          try {
            t.join(1000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }
    }

    @Override
    public String toString() {
      return "Pprof.Server(" + url() + ")";
    }
  }
}
