package io.jpprof.internal.jfr;

import io.jpprof.internal.profile.Frame;
import io.jpprof.internal.profile.Stack;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;

/**
 * Turns JFR stack traces into {@link Stack}s, sharing equal frames so that thousands of stored
 * stacks cost little more than their references. The frame pool is bounded; past it, frames are
 * simply not shared.
 *
 * <p>JFR gives no source file name, so files are derived from the class name ({@code
 * com/example/Foo.java}, see {@link Frame#sourcePath}). A frame whose type is {@code Inlined} was
 * inlined by the JIT into the frame after it; it becomes one more line of that frame's pprof
 * Location. JFR leaves out hidden frames (lambda forms, method-handle plumbing) unless the JVM runs
 * with {@code -XX:+ShowHiddenFrames}; reflection frames ({@code Method.invoke}) are real frames and
 * stay, as in a thread dump. A stack JFR cut at its depth ({@code
 * -XX:FlightRecorderOptions:stackdepth=N}, 64 by default) ends in {@link Stack#TRUNCATED} at the
 * root.
 *
 * <p>Not thread-safe; callers synchronize.
 */
public final class JfrStacks {
  /** The frame of an event without a stack trace. */
  public static final Frame NO_STACK = Frame.of("", "[no Java frames]", null, 0);

  private static final int MAX_SHARED_FRAMES = 1 << 16;

  private final Map<Frame, Frame> frames = new HashMap<>();

  /** The stack of {@code trace}, leaf first; one {@link #NO_STACK} frame when it is null or empty. */
  public Stack of(RecordedStackTrace trace) {
    if (trace == null || trace.getFrames().isEmpty()) {
      return Stack.of(List.of(NO_STACK));
    }
    List<RecordedFrame> recorded = trace.getFrames();
    List<Frame> out = new ArrayList<>(recorded.size());
    for (int i = 0; i < recorded.size(); i++) {
      RecordedFrame f = recorded.get(i);
      RecordedMethod m = f.getMethod();
      if (m == null) {
        continue;
      }
      boolean inlined = f.isJavaFrame() && "Inlined".equals(f.getType()) && i < recorded.size() - 1;
      out.add(share(new Frame(m.getType().getName(), m.getName(), null, f.getLineNumber(), inlined)));
    }
    if (out.isEmpty()) {
      return Stack.of(List.of(NO_STACK));
    }
    if (trace.isTruncated()) {
      out.add(Stack.TRUNCATED);
    }
    return Stack.of(out);
  }

  private Frame share(Frame f) {
    Frame shared = frames.get(f);
    if (shared != null) {
      return shared;
    }
    if (frames.size() < MAX_SHARED_FRAMES) {
      frames.put(f, f);
    }
    return f;
  }
}
