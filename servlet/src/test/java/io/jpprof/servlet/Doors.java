package io.jpprof.servlet;

import java.util.List;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** The doors {@link DoorsContractTest} runs here: every Undertow door, and this servlet in Tomcat 11 and Jetty 12. */
final class Doors {
  private Doors() {}

  static List<Door> start() throws Exception {
    return List.of(Door.standalone(), Door.undertowHandler(), Tomcats.door("tomcat"), jetty());
  }

  static Door jetty() throws Exception {
    QueuedThreadPool threads = new QueuedThreadPool(10, 2);
    threads.setDaemon(true);
    Server server = new Server(threads);
    ServerConnector connector = new ServerConnector(server, 1, 1);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler ctx = new ServletContextHandler("/svc");
    ServletHolder pprof = new ServletHolder(new PprofServlet());
    pprof.setAsyncSupported(true);
    ctx.addServlet(pprof, "/actuator/pprof/*");
    ctx.addServlet(new ServletHolder(new Tomcats.Hello()), "/hello");
    server.setHandler(ctx);
    server.start();
    String base = "http://127.0.0.1:" + connector.getLocalPort() + "/svc/";
    return new Door("jetty", base + "actuator/pprof/", base + "hello", server::stop);
  }
}
