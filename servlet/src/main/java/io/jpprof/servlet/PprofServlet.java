package io.jpprof.servlet;

import io.jpprof.Profile;
import io.jpprof.internal.http.GoUrl;
import io.jpprof.internal.http.PprofHandler;
import io.jpprof.internal.http.PprofOptions;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;

/**
 * Go's {@code net/http/pprof} as a Jakarta servlet (Servlet 5+), for Tomcat, Jetty, Spring Boot
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
 * Spring Boot: a {@code ServletRegistrationBean<>(new PprofServlet(), "/debug/pprof/*")} bean
 * (async-supported by default); see examples/spring-boot.
 *
 * <p>{@code profile}, {@code trace} and delta ({@code seconds=N}) requests run asynchronously on a
 * bounded pool of jpprof's own daemon threads, so they hold no container thread, and a profile
 * or delta ends within a second or two of its client going away. Access control is the
 * container's (Spring Security, a {@code security-constraint}), or the init parameter {@code
 * token} (requires {@code Authorization: Bearer <token>}). Other init parameters: {@code
 * maxLongRequests} (64), {@code gcIntervalSeconds} (10), {@code redactCommandLine} (true).
 */
public class PprofServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  /** Request attribute set when a response must be cut: the servlet then throws. */
  static final String ABORT = "io.jpprof.servlet.abort";

  private transient PprofHandler contract;

  /** A servlet configured by its init parameters (or the defaults). */
  public PprofServlet() {}

  @Override
  public void init() throws ServletException {
    PprofOptions d = PprofOptions.DEFAULTS;
    String token = param("token", null);
    PprofOptions options = new PprofOptions(token == null || token.isEmpty() ? null : token, null, null, null, null,
        Integer.parseInt(param("maxLongRequests", Integer.toString(d.maxLongRequests()))),
        Duration.ofSeconds(Long.parseLong(param("gcIntervalSeconds", Long.toString(d.gcInterval().toSeconds())))),
        Boolean.parseBoolean(param("redactCommandLine", "true")));
    contract = new PprofHandler(options);
  }

  private String param(String name, String fallback) {
    String v = getServletConfig() == null ? null : getInitParameter(name);
    return v == null ? fallback : v;
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException {
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
