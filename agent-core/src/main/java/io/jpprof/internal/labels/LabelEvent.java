package io.jpprof.internal.labels;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A thread's profiler labels changed (a labelled scope began or ended), or, with {@code snapshot}
 * set, the moment from which every change is recorded. Committed only while a CPU profile runs, and
 * enabled only in that profile's own JFR stream ({@code @Enabled(false)}: other recordings leave it
 * out unless they ask for it).
 */
@Name(LabelEvent.NAME)
@Label("jpprof Profiler Labels")
@Description("The thread's pprof labels from now on (io.jpprof.Profile.doWithLabels)")
@Category("jpprof")
@Enabled(false)
@StackTrace(false)
final class LabelEvent extends Event {
  static final String NAME = "io.jpprof.Labels";

  @Label("Labels")
  String labels;

  @Label("Snapshot")
  boolean snapshot;

  /**
   * Which join's snapshot this is: every stream that enables this event's name receives it, from
   * every copy of jpprof in the JVM (the agent's and an application's own).
   */
  @Label("Join")
  long join;
}
