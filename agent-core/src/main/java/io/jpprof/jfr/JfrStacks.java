package io.jpprof.jfr;

import io.jpprof.profile.Frame;
import io.jpprof.profile.Stack;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;

/**
 * JFR stack traces as {@link Stack}s, shared by every JFR-fed profile.
 *
 * <p>JFR gives no source file name, so files are derived from the class name ({@code
 * com/example/Foo.java}, see {@link Frame#sourcePath}). A frame whose type is {@code Inlined} was
 * inlined by the JIT into the frame after it; it becomes one more line of that frame's pprof
 * Location. JFR leaves out hidden frames (lambda forms, method-handle plumbing) unless the JVM runs
 * with {@code -XX:+ShowHiddenFrames}; reflection frames ({@code Method.invoke}) are real frames and
 * stay, as in a thread dump.
 */
public final class JfrStacks {
  private JfrStacks() {}

  /** The stack of a JFR event, leaf first; empty when the event has none. */
  public static Stack of(RecordedStackTrace trace) {
    if (trace == null) {
      return Stack.EMPTY;
    }
    List<RecordedFrame> frames = trace.getFrames();
    List<Frame> out = new ArrayList<>(frames.size());
    for (RecordedFrame f : frames) {
      RecordedMethod m = f.getMethod();
      if (m == null) {
        continue;
      }
      String className = m.getType() == null ? "" : m.getType().getName();
      out.add(new Frame(className, m.getName(), null, Math.max(f.getLineNumber(), 0), "Inlined".equals(f.getType())));
    }
    return Stack.of(out);
  }
}
