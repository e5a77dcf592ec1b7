package io.jpprof.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A tiny event jpprof commits to learn when the always-on stream has caught up: once the stream
 * hands it back, everything recorded before it has been flushed too.
 */
@Name("io.jpprof.FlushMarker")
@Label("jpprof flush marker")
@Category("jpprof")
@Description("Committed by jpprof to learn when its JFR stream has caught up")
@StackTrace(false)
final class FlushMarker extends Event {
  @Label("Sequence")
  long sequence;
}
