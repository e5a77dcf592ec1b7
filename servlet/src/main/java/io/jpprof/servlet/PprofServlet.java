package io.jpprof.servlet;

import io.jpprof.PprofConfig;
import io.jpprof.internal.http.GoUrl;
import io.jpprof.internal.http.PprofHandler;
import io.jpprof.internal.http.PprofOptions;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Go's {@code net/http/pprof} as a servlet (Jakarta Servlet 5+), for Tomcat, Jetty, Spring Boot
 * and any other container: exactly the contract of {@code io.jpprof.http.Pprof}, with no Undertow
 * on the class path. Map it at {@code <prefix>/*} with async support; the context path and prefix
 * may be anything ({@code /app/actuator/pprof/}): the index links, redirects and {@code go tool
 * pprof URL} all work.
 *
 * <pre>{@code
 * ServletRegistration.Dynamic pprof = context.addServlet("pprof", new PprofServlet());
 * pprof.addMapping("/debug/pprof/*");
 * pprof.setAsyncSupported(true);
 * }</pre>
 *
 * <p>{@code profile}, {@code trace} and delta ({@code seconds=N}) requests run asynchronously on a
 * bounded pool of jpprof's own daemon threads, so they hold no container thread, and a profile
 * or delta ends within a second or two of its client going away.
 *
 * <p>Configuration: the servlet reads {@code jpprof.*} as {@code io.jpprof.PprofConfig} does
 * (system properties, {@code JPPROF_*} environment variables, the {@code jpprof.config} file),
 * with init parameters of the same names first ({@code token}, {@code block.threshold}, {@code
 * collectors}, ...): the access control it names, the collectors to run and their thresholds;
 * {@code enabled=false} answers 404 to everything. {@code host}, {@code port} and {@code path} are
 * the container's and the mapping's, so the servlet ignores them. Access control may also be the
 * container's (Spring Security, a {@code security-constraint}). Init parameters of the servlet
 * alone: {@code maxLongRequests} (64), {@code gcIntervalSeconds} (10), {@code redactCommandLine}
 * (true).
 */
public class PprofServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger(PprofServlet.class);

  /** Request attribute set when a response must be cut: the servlet then throws. */
  static final String ABORT = "io.jpprof.servlet.abort";

  private final transient PprofConfig config;
  private transient PprofHandler contract;

  /** A servlet configured by {@code jpprof.*} configuration and its init parameters. */
  public PprofServlet() {
    this(null);
  }

  /**
   * A servlet configured by {@code config} (e.g. {@code PprofConfig.load(properties, "Spring
   * property")}) instead of its init parameters of the same names; {@code null} reads them.
   */
  public PprofServlet(PprofConfig config) {
    this.config = config;
  }

  @Override
  public void init() throws ServletException {
    PprofConfig c = config != null ? config : PprofConfig.load(configParameters(), "servlet init parameter");
    if (!c.enabled()) {
      log.info("pprof: not serving: jpprof.enabled=false ({})", c.origin("enabled"));
      return;
    }
    c.applyToCollectors(); // thresholds and which collectors run, before the contract's lease starts them
    PprofOptions d = PprofOptions.DEFAULTS;
    PprofOptions options = d.withLimits(
        Integer.parseInt(param("maxLongRequests", Integer.toString(d.maxLongRequests()))),
        Duration.ofSeconds(Long.parseLong(param("gcIntervalSeconds", Long.toString(d.gcInterval().toSeconds())))),
        Boolean.parseBoolean(param("redactCommandLine", "true"))).withConfig(c);
    contract = new PprofHandler(options);
  }

  /** The init parameters named like configuration keys ({@code token}, {@code collectors}, ...). */
  private Map<String, String> configParameters() {
    Map<String, String> values = new LinkedHashMap<>();
    for (String key : PprofConfig.keys()) {
      String v = param(key, null);
      if (v != null) {
        values.put(key, v);
      }
    }
    return values;
  }

  private String param(String name, String fallback) {
    String v = getServletConfig() == null ? null : getInitParameter(name);
    return v == null ? fallback : v;
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws ServletException, IOException {
    if (contract == null) { // jpprof.enabled=false
      response.setStatus(404);
      response.setContentType("text/plain; charset=utf-8");
      response.getWriter().write("404 page not found\n");
      return;
    }
    if (request.getAttribute(ABORT) != null) {
      throw new ServletException("jpprof: response cut: the profile could not be completed");
    }
    ServletExchange exchange = new ServletExchange(request, response);
    contract.handle(exchange, prefix(request));
    if (exchange.aborted() && !request.isAsyncStarted()) {
      throw new ServletException("jpprof: response cut: the profile could not be completed");
    }
  }

  /** Where the servlet is mounted, as the client sees it: context path plus servlet path. */
  private static String prefix(HttpServletRequest request) {
    String context = request.getContextPath();
    String decoded = GoUrl.pathUnescape(context);
    String p = (decoded == null ? context : decoded) + request.getServletPath();
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }

  @Override
  public void destroy() {
    if (contract != null) {
      contract.close();
    }
  }
}
