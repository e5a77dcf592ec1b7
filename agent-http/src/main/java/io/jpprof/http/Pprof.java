package io.jpprof.http;

import io.jpprof.PprofConfig;
import io.jpprof.Profile;
import io.jpprof.internal.Collectors;
import io.jpprof.internal.http.DeltaSource;
import io.jpprof.internal.http.Endpoint;
import io.jpprof.internal.http.Exchange;
import io.jpprof.internal.http.GoUrl;
import io.jpprof.internal.http.PprofHandler;
import io.jpprof.internal.http.PprofOptions;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;
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
 * /debug/pprof/wall       wall-clock profile of the next {@code seconds} (default 30): every thread's time, on and
 *                         off CPU, with a state label; {@code threads} (name regexp), {@code idle=1}, {@code hz}.
 *                         Also at fgprof's paths /debug/pprof/fgprof (Parca) and /debug/fgprof (Grafana Alloy)
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
 * <h2>Mount it in your own server</h2>
 *
 * <pre>{@code
 * Undertow.builder().addHttpListener(8080, "0.0.0.0")
 *     .setHandler(Handlers.path(appHandler).addPrefixPath("/debug/pprof", Pprof.handler()))
 *     .build().start();
 * }</pre>
 *
 * The handler answers by the full request path, so to also serve fgprof's {@code /debug/fgprof}
 * (Grafana Alloy) mount the same handler there too: {@code .addPrefixPath("/debug/fgprof", pprof)}.
 * A servlet gets it from a second, exact mapping {@code /debug/fgprof}.
 *
 * <p>For Tomcat, Jetty and Spring Boot, {@code io.jpprof.servlet.PprofServlet} (module
 * jpprof-servlet) serves the same contract without Undertow.
 *
 * <h2>Long requests, limits and guardrails</h2>
 *
 * <p>{@code profile}, {@code trace} and delta ({@code seconds=N}) requests run on a bounded pool of
 * their own (64 by default, beyond it 503), so they never hold the threads that serve the index;
 * each stops as soon as its client goes away. {@code gc=1} forces at most one full GC every 10 s
 * (else 429). {@code cmdline} hides secret values ({@code -D…password…=}, {@code --token …}, the
 * {@code token=} and {@code password=} of a {@code -javaagent:} argument). A POST body must arrive
 * within the request parse timeout (else 408) and declare at most 4 MB (else 413).
 * A server bound to loopback (the default, {@code 127.0.0.1}) answers only requests whose {@code
 * Host} is a loopback name or address (a DNS-rebinding guard). Access control ({@link
 * Builder#token}, {@link Builder#basicAuth}, {@link Builder#authorize}) and TLS ({@link
 * Builder#sslContext}) are off by default; binding to another address without access control logs a
 * warning. See docs/security.md.
 *
 * <p>The server is small: one IO thread and four worker threads, all daemon threads, so it never
 * keeps the JVM alive. Binding to {@code 127.0.0.1} (the default) keeps profiles off the network:
 * they reveal code and thread names.
 */
public final class Pprof {
  /** The path prefix Go uses. */
  public static final String DEFAULT_PATH_PREFIX = "/debug/pprof";

  private static final Logger log = LoggerFactory.getLogger(Pprof.class);

  private Pprof() {}

  /**
   * Serves {@code /debug/pprof/} on {@code 127.0.0.1:port} ({@code 0} picks a free port) and
   * returns once the server accepts connections.
   *
   * <p>The configuration made without code applies ({@link PprofConfig#load()}: {@code jpprof.*}
   * system properties, {@code JPPROF_*} environment variables, the {@code jpprof.config} file):
   * host, path prefix, credentials (token, user and password) and which collectors run; {@code port} wins over {@code jpprof.port}.
   * With {@code jpprof.enabled=false} nothing is served: the server returned is not listening, its
   * {@link Server#port()} is {@code -1} and its {@link Server#url()} null. A builder takes
   * configuration only when asked ({@link Builder#config}).
   *
   * @throws UncheckedIOException when the port cannot be bound
   */
  public static Server start(int port) {
    PprofConfig config = PprofConfig.load();
    if (!config.enabled()) {
      log.info("pprof: not serving: jpprof.enabled=false ({})", config.origin("enabled"));
      return Server.NONE;
    }
    return builder().config(config).port(port).start();
  }

  /**
   * An Undertow handler serving {@code /debug/pprof/*} for a server you built, e.g. {@code
   * Handlers.path(app).addPrefixPath("/debug/pprof", Pprof.handler())}. It answers by the full
   * request path, so it also works as a server's root handler. Its long-request threads are daemon
   * threads that end 10 s after their last request. Access control is the host server's (or use
   * {@link Builder#handler()}).
   */
  public static HttpHandler handler() {
    return handler(DEFAULT_PATH_PREFIX);
  }

  /** {@link #handler()} for another path prefix, e.g. {@code /admin/pprof}. */
  public static HttpHandler handler(String pathPrefix) {
    return builder().pathPrefix(pathPrefix).handler();
  }

  /** A builder for a server on another host or path, or with access control, TLS and limits. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Where and how to serve: host (default {@code 127.0.0.1}), port, path prefix, access control,
   * TLS, limits. Every knob has a method here, so configuration ({@code jpprof.*}) maps onto it.
   */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = 6060;
    private String pathPrefix = DEFAULT_PATH_PREFIX;
    private DeltaSource deltas;
    private final Map<String, Endpoint> extra = new LinkedHashMap<>();
    private String token;
    private PprofConfig config;
    private String basicUser;
    private String basicPassword;
    private Predicate<Exchange> authorizer;
    private SSLContext sslContext;
    private int maxLongRequests = PprofOptions.DEFAULTS.maxLongRequests();
    private Duration gcInterval = PprofOptions.DEFAULTS.gcInterval();
    private boolean redactCommandLine = true;
    private boolean hostGuard = true;
    private Duration requestParseTimeout = Duration.ofSeconds(10);
    private Duration idleTimeout = Duration.ofSeconds(60);

    private Builder() {}

    /**
     * Takes host, port, path prefix, credentials (token; user and password as HTTP basic, where a
     * user without a password refuses every request) and the collectors to start from a configuration made
     * without code ({@code Pprof.builder().config(PprofConfig.load()).start()}); builder calls made
     * after this one override it. {@link PprofConfig#enabled()} is the caller's to check.
     */
    public Builder config(PprofConfig config) {
      this.config = config;
      host(config.host());
      port(config.port());
      pathPrefix(config.path());
      PprofOptions access = PprofOptions.DEFAULTS.withConfig(config);
      this.token = access.bearerToken();
      this.basicUser = access.basicUser();
      this.basicPassword = access.basicPassword();
      if (access.authorizer() != null) {
        this.authorizer = access.authorizer();
      }
      return this;
    }

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
      this.pathPrefix = normalizePrefix(pathPrefix);
      return this;
    }

    /**
     * Requires {@code Authorization: Bearer <token>} on every request (null: no token). Refused
     * requests get 401 with {@code WWW-Authenticate}.
     */
    public Builder token(String token) {
      if (token != null && token.isEmpty()) {
        throw new IllegalArgumentException("token must not be empty");
      }
      this.token = token;
      return this;
    }

    /**
     * Accepts HTTP basic credentials ({@code go tool pprof http://user:password@host:port/…} sends
     * them). With {@link #token} too, either is enough.
     */
    public Builder basicAuth(String user, String password) {
      this.basicUser = Objects.requireNonNull(user, "user");
      this.basicPassword = Objects.requireNonNull(password, "password");
      return this;
    }

    /**
     * Accepts a request when {@code check} returns true (e.g. a client certificate, a header your
     * proxy sets). With a token or basic auth too, any one that accepts is enough; alone, a refused
     * request gets 403.
     */
    public Builder authorize(Predicate<PprofRequest> check) {
      this.authorizer = check == null ? null : exchange -> check.test(new RequestView(exchange));
      return this;
    }

    /** Serves HTTPS with this context instead of HTTP (standalone server only). */
    public Builder sslContext(SSLContext sslContext) {
      this.sslContext = sslContext;
      return this;
    }

    /** The most {@code profile}, {@code trace} and delta requests in flight; beyond, 503. 64 by default. */
    public Builder maxLongRequests(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxLongRequests must be at least 1: " + max);
      }
      this.maxLongRequests = max;
      return this;
    }

    /**
     * The least time between two GCs forced by {@code gc=1} in this process (beyond: 429); 10 s by
     * default, zero for no limit.
     */
    public Builder gcInterval(Duration interval) {
      if (interval.isNegative()) {
        throw new IllegalArgumentException("gcInterval must not be negative: " + interval);
      }
      this.gcInterval = interval;
      return this;
    }

    /**
     * Whether {@code cmdline} hides secret values ({@code -Ddb.password=…}, {@code --token …},
     * secrets inside {@code -javaagent:} options, a URL's password); true by default (a deviation
     * from Go).
     */
    public Builder redactCommandLine(boolean redact) {
      this.redactCommandLine = redact;
      return this;
    }

    /**
     * Whether a loopback-bound server refuses {@code Host} headers other than loopback names and
     * addresses (a DNS-rebinding guard); true by default. It never applies to other binds.
     */
    public Builder hostGuard(boolean guard) {
      this.hostGuard = guard;
      return this;
    }

    /**
     * How long a client may take to send a request's headers (slowloris), and then a POST body
     * (beyond it, {@code 408}); 10 s by default. With {@link #handler()} only the body's limit is
     * jpprof's.
     */
    public Builder requestParseTimeout(Duration timeout) {
      this.requestParseTimeout = positive(timeout, "requestParseTimeout");
      return this;
    }

    /** How long an idle keep-alive connection stays open; 60 s by default. */
    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = positive(timeout, "idleTimeout");
      return this;
    }

    /** Takes delta profiles' snapshots from {@code deltas} instead of the profiles themselves. */
    Builder deltas(DeltaSource deltas) {
      this.deltas = deltas;
      return this;
    }

    /** Serves {@code endpoint} at {@code name} beside the standard ones. */
    Builder endpoint(String name, Endpoint endpoint) {
      this.extra.put(name, endpoint);
      return this;
    }

    /**
     * This configuration as an Undertow handler for your own server (host, port, TLS and timeouts
     * are then your server's).
     */
    public HttpHandler handler() {
      return new UndertowDoor(contract(null), pathPrefix, requestParseTimeout);
    }

    private PprofHandler contract(Set<String> loopbackHosts) {
      PprofOptions options = new PprofOptions(token, basicUser, basicPassword, authorizer, loopbackHosts,
          maxLongRequests, gcInterval, redactCommandLine);
      return new PprofHandler(options, Collectors.process(), deltas, extra);
    }

    /**
     * Starts the server and returns once it accepts connections. Also starts, in the background,
     * the always-on collectors behind heap, allocs, block, mutex and threadcreate, held until
     * {@link Server#close()} (shared with any other server, handler or servlet that uses them).
     *
     * @throws UncheckedIOException when the address cannot be bound
     */
    public Server start() {
      boolean loopback = isLoopback(host);
      boolean accessControl = token != null || basicUser != null || authorizer != null;
      if (!loopback && !accessControl) {
        log.warn("pprof: serving {} on {} without access control: anyone who can reach it can read"
            + " profiles, thread dumps and the command line; set a user and password (jpprof.user,"
            + " jpprof.password.file) or a token, or bind to 127.0.0.1", pathPrefix + "/", host);
      }
      if (config != null) {
        config.applyToCollectors(); // thresholds and which collectors run, before the lease starts them
      }
      Set<String> loopbackHosts = loopback && hostGuard ? Set.of(host.toLowerCase(Locale.ROOT)) : null;
      PprofHandler contract = contract(loopbackHosts);
      return Server.start(this, new UndertowDoor(contract, pathPrefix, requestParseTimeout), contract);
    }

    private static Duration positive(Duration d, String what) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive: " + d);
      }
      return d;
    }
  }

  /** What a user's {@link Builder#authorize} check sees of an exchange: the request, read-only. */
  private record RequestView(Exchange exchange) implements PprofRequest {
    @Override
    public String method() {
      return exchange.method();
    }

    @Override
    public String path() {
      return exchange.path();
    }

    @Override
    public String header(String name) {
      return exchange.header(name);
    }

    @Override
    public String remoteAddress() {
      return exchange.remoteAddress();
    }
  }

  static String normalizePrefix(String pathPrefix) {
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
    return p;
  }

  private static boolean isLoopback(String host) {
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    try {
      String literal = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
      return InetAddress.getByName(literal).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** A running pprof server. {@link #close()} stops it and all its threads. */
  public static final class Server implements AutoCloseable {
    private final Undertow undertow;
    private final PprofHandler contract;
    private final String workerName;
    private final String host;
    private final int port;
    private final String pathPrefix;
    private final boolean tls;
    /** The JUL loggers whose filters hand the libraries' records to slf4j ({@link GuestLogging}). */
    private final List<java.util.logging.Logger> guestLoggers;

    /** What {@link Pprof#start(int)} returns when configuration disabled it: serves nothing. */
    static final Server NONE = new Server(null, null, null, null, -1, null, false, List.of());

    private Server(Undertow undertow, PprofHandler contract, String workerName, String host, int port,
        String pathPrefix, boolean tls, List<java.util.logging.Logger> guestLoggers) {
      this.undertow = undertow;
      this.guestLoggers = guestLoggers;
      this.contract = contract;
      this.workerName = workerName;
      this.host = host;
      this.port = port;
      this.pathPrefix = pathPrefix;
      this.tls = tls;
    }

    static Server start(Builder b, HttpHandler door, PprofHandler contract) {
      List<java.util.logging.Logger> guestLoggers = GuestLogging.install();
      // the port says which server a thread serves; a free port (0) is chosen only by the bind,
      // after the threads are named, so such a server is told apart by its identity (as Object.toString)
      String workerName = "jpprof-http-"
          + (b.port != 0 ? String.valueOf(b.port) : "@" + Integer.toHexString(System.identityHashCode(contract)));
      Undertow.Builder ub = Undertow.builder();
      if (b.sslContext != null) {
        ub.addHttpsListener(b.port, b.host, b.sslContext);
      } else {
        ub.addHttpListener(b.port, b.host);
      }
      Undertow undertow =
          ub.setIoThreads(1)
              .setWorkerThreads(4)
              // heap buffers: freeing direct ones calls sun.misc.Unsafe (warnings on JDK 24+)
              .setDirectBuffers(false)
              .setWorkerOption(Options.WORKER_NAME, workerName)
              .setWorkerOption(Options.THREAD_DAEMON, true)
              .setServerOption(UndertowOptions.ALLOW_ENCODED_SLASH, true)
              .setServerOption(UndertowOptions.DECODE_URL, false)
              .setServerOption(UndertowOptions.ALLOW_UNESCAPED_CHARACTERS_IN_URL, true)
              .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, (int) b.requestParseTimeout.toMillis())
              .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, (int) b.idleTimeout.toMillis())
              // Go's answers to a missing Host and to headers over Go's limit (ServerChecks)
              .setServerOption(UndertowOptions.REQUIRE_HOST_HTTP11, false)
              .setServerOption(UndertowOptions.MAX_HEADER_SIZE, ServerChecks.UNDERTOW_MAX_HEADER_SIZE)
              .setServerOption(UndertowOptions.MAX_HEADERS, ServerChecks.MAX_FIELDS)
              .setServerOption(UndertowOptions.MAX_PARAMETERS, ServerChecks.MAX_FIELDS)
              .setHandler(new ServerChecks(door))
              .build();
      try {
        undertow.start();
      } catch (RuntimeException e) {
        stopQuietly(undertow);
        contract.close();
        IOException cause =
            e.getCause() instanceof IOException io ? io : new IOException(e.getMessage(), e);
        throw new UncheckedIOException("pprof: cannot listen on " + b.host + ":" + b.port, cause);
      }
      InetSocketAddress bound = (InetSocketAddress) undertow.getListenerInfo().get(0).getAddress();
      Server server = new Server(undertow, contract, workerName, b.host, bound.getPort(), b.pathPrefix,
          b.sslContext != null, guestLoggers);
      log.info("pprof: serving {}", server.url()); // jpprof's one INFO line
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

    /** The port the server listens on (the chosen one when started with port 0); -1 when not serving. */
    public int port() {
      return port;
    }

    /** The index page's URL, e.g. {@code http://127.0.0.1:6060/debug/pprof/}; null when not serving. */
    public String url() {
      if (undertow == null) {
        return null;
      }
      String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
      return (tls ? "https://" : "http://") + h + ":" + port + pathPrefix + "/";
    }

    /** The name prefix of this server's threads. */
    String workerName() {
      return workerName;
    }

    /**
     * Stops the server and the long requests still running (their clients see a cut connection);
     * returns once its threads have ended. Idempotent.
     */
    @Override
    public void close() {
      if (undertow == null) {
        return;
      }
      undertow.stop();
      contract.close();
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
