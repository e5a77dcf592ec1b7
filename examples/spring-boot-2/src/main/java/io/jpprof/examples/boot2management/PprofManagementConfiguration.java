package io.jpprof.examples.boot2management;

import io.jpprof.servlet.javax.PprofServlet;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * jpprof on Spring Boot 2's management server (its own port), beside Actuator: a management
 * context configuration listed in {@code META-INF/spring.factories}. It lives outside the
 * application's package, so component scanning does not also put it on the application's port.
 * The servlet reads {@code jpprof.*} system properties and {@code JPPROF_*} variables itself
 * (token, user and password, collectors).
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
public class PprofManagementConfiguration {
  /** {@code /debug/pprof/*}, async-supported (long requests hold no Tomcat thread). */
  @Bean
  ServletRegistrationBean<PprofServlet> jpprofServlet() {
    ServletRegistrationBean<PprofServlet> bean = new ServletRegistrationBean<>(new PprofServlet(), "/debug/pprof/*");
    bean.setName("jpprof");
    bean.setAsyncSupported(true);
    return bean;
  }
}
