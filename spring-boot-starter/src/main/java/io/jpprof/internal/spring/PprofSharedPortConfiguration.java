package io.jpprof.internal.spring;

import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Import;

/** Actuator shares the application's port: {@link PprofApplicationPort} decides. */
@ManagementContextConfiguration(value = ManagementContextType.SAME, proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty(name = "jpprof.enabled", havingValue = "true")
@Import(PprofApplicationPort.class)
public class PprofSharedPortConfiguration {}
