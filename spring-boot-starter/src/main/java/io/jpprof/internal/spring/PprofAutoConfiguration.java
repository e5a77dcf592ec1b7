package io.jpprof.internal.spring;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Import;

/**
 * Without Spring Boot Actuator there is no management server: {@link PprofApplicationPort}
 * decides. With Actuator, its management context configurations ({@link
 * PprofManagementServerConfiguration}, {@link PprofSharedPortConfiguration}) serve instead.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty(name = "jpprof.enabled", havingValue = "true")
@ConditionalOnMissingClass("org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration")
@Import(PprofApplicationPort.class)
public class PprofAutoConfiguration {}
