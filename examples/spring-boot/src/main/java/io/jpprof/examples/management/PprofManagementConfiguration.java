package io.jpprof.examples.management;

import io.jpprof.servlet.PprofServlet;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * jpprof on the management server, next to Actuator: a management-context configuration (listed
 * in {@code META-INF/spring/…ManagementContextConfiguration.imports}), so the servlet is registered
 * on {@code management.server.port}, not on the application's port. It lives outside the
 * application's package so that component scanning does not also put it on the application port. Off unless {@code
 * jpprof.enabled=true}, like Actuator's own endpoints that are not exposed by default.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
@ConditionalOnProperty(name = "jpprof.enabled", havingValue = "true")
public class PprofManagementConfiguration {
  /** {@code <jpprof.path>/*} (default {@code /debug/pprof/*}), async-supported. */
  @Bean
  ServletRegistrationBean<PprofServlet> pprofServlet(
      @org.springframework.beans.factory.annotation.Value("${jpprof.path:/debug/pprof}") String path) {
    ServletRegistrationBean<PprofServlet> bean = new ServletRegistrationBean<>(new PprofServlet(), path + "/*");
    bean.setName("jpprof");
    bean.setAsyncSupported(true);
    return bean;
  }
}
