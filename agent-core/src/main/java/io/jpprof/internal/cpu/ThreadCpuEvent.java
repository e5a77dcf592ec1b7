package io.jpprof.internal.cpu;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * The CPU time one Java thread used in the last second, committed by history's thread for every
 * thread that used any, so that a CPU profile read from history measures each thread's CPU as a
 * live profile does. Enabled only in the history recording.
 */
@Name(ThreadCpuEvent.NAME)
@Label("jpprof Thread CPU")
@Description("CPU time a Java thread used since the previous reading, once a second while jpprof keeps history")
@Category("jpprof")
@Enabled(false)
@StackTrace(false)
final class ThreadCpuEvent extends Event {
  static final String NAME = "io.jpprof.ThreadCpu";

  @Label("Java Thread Id")
  long javaThreadId;

  @Label("CPU Nanoseconds")
  long cpuNanos;
}
