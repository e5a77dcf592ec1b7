package io.jpprof.servlet;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.startup.Tomcat;

/** Embedded Tomcat for the tests (no Undertow referenced here: NoUndertowTest uses it). */
final class Tomcats {
  private Tomcats() {}

  /** The host application's own servlet. */
  static final class Hello extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.setContentType("text/plain");
      resp.getWriter().write("hello");
    }
  }

  /** Tomcat on 127.0.0.1 with 4 request threads, the servlet at {@code mapping} and Hello at /hello. */
  static Tomcat withServlet(String contextPath, String mapping) throws Exception {
    return withServlet(contextPath, mapping, new PprofServlet(), Map.of());
  }

  /** {@link #withServlet(String, String)} with this servlet and these init parameters. */
  static Tomcat withServlet(String contextPath, String mapping, PprofServlet servlet, Map<String, String> initParameters)
      throws Exception {
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(java.nio.file.Files.createTempDirectory("jpprof-tomcat").toString());
    tomcat.setPort(0);
    tomcat.getConnector().setProperty("address", "127.0.0.1");
    tomcat.getConnector().setProperty("maxThreads", "4");
    Context ctx = tomcat.addContext(contextPath, null);
    Wrapper pprof = Tomcat.addServlet(ctx, "pprof", servlet);
    pprof.setAsyncSupported(true);
    initParameters.forEach(pprof::addInitParameter);
    ctx.addServletMappingDecoded(mapping, "pprof");
    Tomcat.addServlet(ctx, "hello", new Hello());
    ctx.addServletMappingDecoded("/hello", "hello");
    tomcat.start();
    return tomcat;
  }

  /** A contract-test door: the servlet at {@code /app/debug/pprof/*} in Tomcat, Hello beside it. */
  static Door door(String name) throws Exception {
    Tomcat tomcat = withServlet("/app", "/debug/pprof/*");
    String base = "http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + "/app/";
    return new Door(name, base + "debug/pprof/", base + "hello", () -> {
      tomcat.stop();
      tomcat.destroy();
    });
  }
}
