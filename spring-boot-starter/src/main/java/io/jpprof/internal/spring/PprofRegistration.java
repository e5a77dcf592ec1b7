package io.jpprof.internal.spring;

import io.jpprof.PprofConfig;
import io.jpprof.servlet.PprofServlet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;

/**
 * What the starter's configurations share: jpprof's configuration read from the Spring
 * environment, the servlet it configures, and the lifecycle that stops it first.
 */
final class PprofRegistration {
  /** Spring's own key: serve on the application's port when no management server runs on its own. */
  static final String APPLICATION_PORT = "jpprof.application-port";
  static final String PREFIX = "jpprof.";

  private PprofRegistration() {}

  /**
   * Every key {@link PprofConfig} reads, looked up in the environment as {@code jpprof.KEY}: so
   * {@code application.properties}, {@code --jpprof.token=…}, {@code JPPROF_TOKEN} and Spring's
   * other property sources all apply, with Spring's precedence, before jpprof's own sources.
   */
  static PprofConfig config(Environment environment) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String key : PprofConfig.keys()) {
      String value = environment.getProperty(PREFIX + key);
      if (value != null) {
        values.put(key, value);
      }
    }
    return PprofConfig.load(values, "Spring property " + PREFIX);
  }

  /** The servlet at {@code <jpprof.path>/*}, async-supported (long requests hold no container thread). */
  static ServletRegistrationBean<PprofServlet> servlet(Environment environment) {
    PprofConfig config = config(environment);
    String path = config.path();
    ServletRegistrationBean<PprofServlet> bean =
        new ServletRegistrationBean<>(new PprofServlet(config), path.equals("/") ? "/*" : path + "/*");
    bean.setName("jpprof");
    bean.setAsyncSupported(true);
    return bean;
  }

  /**
   * Ends the servlet's long requests ({@code profile?seconds=30}) as soon as the context starts
   * to stop: the highest phase stops first, before the web server's graceful shutdown, which
   * would otherwise wait for them. The container's own {@code destroy()} later finds nothing left.
   */
  static final class Shutdown implements SmartLifecycle {
    private final PprofServlet servlet;
    private volatile boolean running;

    Shutdown(PprofServlet servlet) {
      this.servlet = servlet;
    }

    @Override
    public void start() {
      running = true;
    }

    @Override
    public void stop() {
      running = false;
      servlet.destroy();
    }

    @Override
    public boolean isRunning() {
      return running;
    }
  }
}
