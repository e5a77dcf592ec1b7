/**
 * jpprof's use of JDK Flight Recorder: whether this runtime has it ({@link
 * io.jpprof.internal.jfr.Jfr}), the one long-lived, bounded {@link
 * io.jpprof.internal.jfr.AlwaysOnStream} behind the always-on profiles (started and stopped by
 * {@link io.jpprof.internal.Collectors}), and the execution trace ({@link
 * io.jpprof.internal.jfr.JfrTrace}).
 */
package io.jpprof.internal.jfr;
