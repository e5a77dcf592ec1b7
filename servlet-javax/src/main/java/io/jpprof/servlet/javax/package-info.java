/**
 * {@link io.jpprof.servlet.javax.PprofServlet}: Go's {@code net/http/pprof} for javax.servlet 3.1+
 * containers (Tomcat 9, Jetty 9.4 and 10, Spring Boot 2, application servers), without Undertow.
 * Its classes are built from jpprof-servlet's sources with {@code jakarta.servlet} read as {@code
 * javax.servlet} (see this module's pom), so both doors are one code.
 */
package io.jpprof.servlet.javax;
