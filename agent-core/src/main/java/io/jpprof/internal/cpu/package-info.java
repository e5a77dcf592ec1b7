/**
 * The CPU profile: JFR samples, with CPU time measured per thread; not public API (see {@link
 * io.jpprof.Profile#startCpuProfile}).
 */
package io.jpprof.internal.cpu;
