package io.jpprof.internal.heap;

import io.jpprof.internal.profile.Frame;
import io.jpprof.internal.profile.Stack;
import java.util.List;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;

/**
 * jpprof's own allocations in the heap and allocs profiles: folded into one {@link #FRAME} so that
 * the application's sites lead. Serving a scrape parses JFR data and encodes a profile, megabytes
 * a request; at 15 s scrape intervals in a quiet service that was most of {@code alloc_space}, in
 * bursts, spread over dozens of jpprof's internal sites. Folded, the bytes still count (totals
 * stay right, and the cost is visible as one line) without crowding the application's sites.
 *
 * <p>jpprof's allocations are those of its own threads (named {@code jpprof-*}), and those whose
 * innermost frame outside the JDK is jpprof's internal code (a request served on the container's
 * thread by a servlet door). An application's code running inside {@code Profile.doWithLabels}
 * stays the application's: its innermost frame outside the JDK is its own.
 */
final class OwnAllocations {
  /** The one frame jpprof's own allocations are folded into. */
  static final Frame FRAME = Frame.of("", "[jpprof]", null, 0);

  /** The folded stack. */
  static final Stack STACK = Stack.of(List.of(FRAME));

  private static final String THREAD_PREFIX = "jpprof-";
  private static final String INTERNAL = "io.jpprof.internal.";

  private OwnAllocations() {}

  /** Whether the allocation of this thread at this stack was jpprof's own. */
  static boolean isOwn(RecordedThread thread, RecordedStackTrace trace) {
    String name = thread == null ? null : thread.getJavaName();
    if (name != null && name.startsWith(THREAD_PREFIX)) {
      return true;
    }
    if (trace == null) {
      return false;
    }
    for (RecordedFrame f : trace.getFrames()) {
      RecordedMethod m = f.getMethod();
      String type = m == null || m.getType() == null ? null : m.getType().getName();
      if (type != null && !isLibrary(type)) {
        return type.startsWith(INTERNAL);
      }
    }
    return false;
  }

  /** The JDK's and the libraries jpprof writes with: frames that do not say whose work it was. */
  private static boolean isLibrary(String type) {
    return type.startsWith("java.") || type.startsWith("jdk.") || type.startsWith("sun.")
        || type.startsWith("com.sun.") || type.startsWith("com.google.protobuf.");
  }
}
