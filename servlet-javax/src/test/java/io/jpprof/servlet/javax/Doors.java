package io.jpprof.servlet.javax;

import java.util.List;
import org.apache.catalina.startup.Tomcat;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The doors {@link DoorsContractTest} runs here: the javax servlet in Tomcat 9 and Jetty 9.4 (the
 * Undertow doors run in jpprof-servlet's build). The test itself is jpprof-servlet's, built with
 * javax.servlet (this module's pom).
 */
final class Doors {
  private Doors() {}

  static List<Door> start() throws Exception {
    return List.of(tomcat(), jetty());
  }

  static Door tomcat() throws Exception {
    Tomcat tomcat = Tomcats.withServlet("/app", "/debug/pprof/*");
    int port = tomcat.getConnector().getLocalPort();
    return new Door() {
      String pprofUrl() {
        return "http://127.0.0.1:" + port + "/app/debug/pprof/";
      }

      String hostUrl() {
        return "http://127.0.0.1:" + port + "/app/hello";
      }

      String name() {
        return "tomcat9";
      }

      void stop() throws Exception {
        tomcat.stop();
        tomcat.destroy();
      }
    };
  }

  static Door jetty() throws Exception {
    QueuedThreadPool threads = new QueuedThreadPool(10, 2);
    threads.setDaemon(true);
    Server server = new Server(threads);
    ServerConnector connector = new ServerConnector(server, 1, 1);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler ctx = new ServletContextHandler();
    ctx.setContextPath("/svc");
    ServletHolder pprof = new ServletHolder(new PprofServlet());
    pprof.setAsyncSupported(true);
    ctx.addServlet(pprof, "/actuator/pprof/*");
    ctx.addServlet(new ServletHolder(new Tomcats.Hello()), "/hello");
    server.setHandler(ctx);
    server.start();
    int port = connector.getLocalPort();
    return new Door() {
      String pprofUrl() {
        return "http://127.0.0.1:" + port + "/svc/actuator/pprof/";
      }

      String hostUrl() {
        return "http://127.0.0.1:" + port + "/svc/hello";
      }

      String name() {
        return "jetty9.4";
      }

      void stop() throws Exception {
        server.stop();
      }
    };
  }
}
