package io.jpprof.internal.spring;

import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Import;

/**
 * {@code /debug/pprof/*} on the management server when it runs on a port of its own ({@code
 * management.server.port}), beside Actuator: the child context Spring Boot builds for it.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty(name = "jpprof.enabled", havingValue = "true")
@Import(PprofServletConfiguration.class)
public class PprofManagementServerConfiguration {}
