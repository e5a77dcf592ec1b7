/**
 * The goroutine profile of the JVM: its threads, platform and (on JDK 21+) virtual; not public
 * API.
 *
 * <p>Platform threads come from one {@code ThreadMXBean.dumpAllThreads} call (one safepoint).
 * Virtual threads are invisible to that bean; on JDK 21+ they come from the JDK's JSON thread dump
 * ({@code HotSpotDiagnosticMXBean.dumpThreads}), read as a stream and capped; see {@link
 * io.jpprof.internal.threads.VirtualThreadDump} for the policy.
 */
package io.jpprof.internal.threads;
