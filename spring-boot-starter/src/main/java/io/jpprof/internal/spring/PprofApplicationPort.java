package io.jpprof.internal.spring;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

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
  @Import(PprofServletConfiguration.class)
  static class Serve {}

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
