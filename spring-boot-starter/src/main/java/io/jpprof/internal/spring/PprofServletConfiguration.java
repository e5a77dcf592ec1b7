package io.jpprof.internal.spring;

import io.jpprof.servlet.PprofServlet;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The servlet and its shutdown, in whichever context serves pprof (the management server's, or the application's when asked). */
@Configuration(proxyBeanMethods = false)
class PprofServletConfiguration {
  @Bean
  ServletRegistrationBean<PprofServlet> jpprofServlet(Environment environment) {
    return PprofRegistration.servlet(environment);
  }

  @Bean
  PprofRegistration.Shutdown jpprofShutdown(ServletRegistrationBean<PprofServlet> jpprofServlet) {
    return new PprofRegistration.Shutdown(jpprofServlet.getServlet());
  }
}
