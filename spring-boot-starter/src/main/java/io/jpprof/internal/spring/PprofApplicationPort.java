package io.jpprof.internal.spring;

import io.jpprof.servlet.PprofServlet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * When no management server runs on a port of its own: pprof goes on the application's port
 * only with {@code jpprof.application-port=true}; otherwise one WARN line says why nothing is
 * served. Profiles reveal code, thread names and data, so the application's (often public) port
 * is never chosen silently.
 */
@Configuration(proxyBeanMethods = false)
@Import({PprofApplicationPort.Serve.class, PprofApplicationPort.Refuse.class})
class PprofApplicationPort {
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(name = PprofRegistration.APPLICATION_PORT, havingValue = "true")
  static class Serve {
    @Bean
    ServletRegistrationBean<PprofServlet> jpprofServlet(Environment environment) {
      return PprofRegistration.servlet(environment);
    }

    @Bean
    PprofRegistration.Shutdown jpprofShutdown(ServletRegistrationBean<PprofServlet> jpprofServlet) {
      return new PprofRegistration.Shutdown(jpprofServlet.getServlet());
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(name = PprofRegistration.APPLICATION_PORT, havingValue = "false", matchIfMissing = true)
  static class Refuse {
    Refuse() {
      Logger log = LoggerFactory.getLogger(PprofApplicationPort.class);
      log.warn("pprof: not serving: no management server on a port of its own; set management.server.port"
          + " (with Spring Boot Actuator), or jpprof.application-port=true to serve on the application's port");
    }
  }
}
