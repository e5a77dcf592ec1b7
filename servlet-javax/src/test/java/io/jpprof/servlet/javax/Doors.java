package io.jpprof.servlet.javax;

import java.util.List;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The doors {@link DoorsContractTest} runs here: the javax servlet in Tomcat 9 and Jetty 9.4 (the
 * Undertow doors run in jpprof-servlet's build), and in a second run with Jetty 10's jars in place
 * of 9.4's ({@code jpprof.test.doors=jetty}). The test itself is jpprof-servlet's, built with
 * javax.servlet (this module's pom).
 */
final class Doors {
  private Doors() {}

  static List<Door> start() throws Exception {
    if ("jetty".equals(System.getProperty("jpprof.test.doors"))) {
      return List.of(jetty());
    }
    return List.of(Tomcats.door("tomcat9"), jetty());
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
    String base = "http://127.0.0.1:" + connector.getLocalPort() + "/svc/";
    return new Door("jetty" + Server.getVersion(), base + "actuator/pprof/", base + "hello", server::stop);
  }
}
