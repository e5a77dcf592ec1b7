/**
 * Go's {@code net/http/pprof} for the JVM: {@link io.jpprof.http.Pprof#start(int)} serves {@code
 * /debug/pprof/*} on an embedded Undertow server, answering exactly as Go does. See {@link
 * io.jpprof.http.Pprof}.
 */
package io.jpprof.http;
