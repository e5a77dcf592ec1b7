package io.jpprof.internal.cpu;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A CPU profile's window ended: committed once, at {@link CpuRecording#stop}, so that the profile's
 * stream knows when every sample before it has been delivered. Enabled only in that stream ({@code
 * @Enabled(false)}: other recordings leave it out unless they ask for it).
 */
@Name(WindowEnd.NAME)
@Label("jpprof CPU Profile End")
@Description("The end of a CPU profile's window (io.jpprof CPU profile delivery marker)")
@Category("jpprof")
@Enabled(false)
@StackTrace(false)
final class WindowEnd extends Event {
  static final String NAME = "io.jpprof.CpuProfileEnd";

  @Label("Profile")
  long profile;
}
