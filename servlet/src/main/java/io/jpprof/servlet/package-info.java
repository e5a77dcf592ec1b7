/**
 * {@link io.jpprof.servlet.PprofServlet}: Go's {@code net/http/pprof} for Tomcat, Jetty, Spring
 * Boot and any Jakarta Servlet 5+ container, without Undertow.
 */
package io.jpprof.servlet;
