package io.jpprof.internal.spring;

import io.jpprof.servlet.PprofServlet;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * {@code /debug/pprof/*} on the management server when it runs on a port of its own ({@code
 * management.server.port}), beside Actuator: the child context Spring Boot builds for it.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty(name = "jpprof.enabled", havingValue = "true")
public class PprofManagementServerConfiguration {
  @Bean
  ServletRegistrationBean<PprofServlet> jpprofServlet(Environment environment) {
    return PprofRegistration.servlet(environment);
  }

  @Bean
  PprofRegistration.Shutdown jpprofShutdown(ServletRegistrationBean<PprofServlet> jpprofServlet) {
    return new PprofRegistration.Shutdown(jpprofServlet.getServlet());
  }
}
