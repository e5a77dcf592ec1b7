package io.jpprof.internal.history;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * Committed once a second while history is kept, so that a read can tell how far back the kept
 * data reaches: JFR drops whole chunks (by age, or by size before that), and the earliest tick
 * left is the start of what is kept. Enabled only in the history recording.
 */
@Name(HistoryTick.NAME)
@Label("jpprof History Tick")
@Description("Once a second while jpprof keeps history: marks how far back the kept data reaches")
@Category("jpprof")
@Enabled(false)
@StackTrace(false)
final class HistoryTick extends Event {
  static final String NAME = "io.jpprof.HistoryTick";
}
