/**
 * The wall-clock profile (fgprof's, for the JVM): every platform thread's time, on and off CPU,
 * attributed to stacks; not public API (see {@code /debug/pprof/wall}).
 */
package io.jpprof.internal.wall;
