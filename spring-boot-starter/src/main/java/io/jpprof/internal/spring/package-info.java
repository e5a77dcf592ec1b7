/**
 * The Spring Boot starter: {@code jpprof.enabled=true} puts {@code /debug/pprof/*} on the
 * management server (Actuator's {@code management.server.port}), configured by Spring's {@code
 * jpprof.*} properties; never on the application's port unless {@code jpprof.application-port=true}.
 */
package io.jpprof.internal.spring;
