package io.jpprof.internal.profile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An immutable call stack, leaf first, with its hash computed once so it can key aggregation
 * tables cheaply.
 */
public final class Stack {
  /** The stack with no frames (allowed by pprof, for example for threads of unknown origin). */
  public static final Stack EMPTY = new Stack(List.of());

  /**
   * The root-side frame of a stack that was cut at a depth limit (JFR's {@code stackdepth}, 64 by
   * default): its real root frames are missing, so a flame graph must not put its leaves beside
   * the real roots.
   */
  public static final Frame TRUNCATED = Frame.of("", "[truncated]", null, 0);

  /** How the share of cut stacks ends, wherever it is stated. */
  public static final String TRUNCATED_NOTE =
      "in stacks cut at JFR's stack depth (root frame [truncated]; -XX:FlightRecorderOptions:stackdepth=N raises it)";

  private final List<Frame> frames;
  private final int hash;

  private Stack(List<Frame> frames) {
    this.frames = frames;
    this.hash = frames.hashCode();
  }

  /** A stack of these frames, leaf first. */
  public static Stack of(List<Frame> framesLeafFirst) {
    return framesLeafFirst.isEmpty() ? EMPTY : new Stack(List.copyOf(framesLeafFirst));
  }

  /** A stack from a Java stack trace (already leaf first), keeping at most {@code maxDepth} frames. */
  public static Stack of(StackTraceElement[] trace, int maxDepth) {
    int n = Math.min(trace.length, maxDepth);
    List<Frame> frames = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      frames.add(Frame.of(trace[i]));
    }
    return of(frames);
  }

  /** The frames, leaf first. */
  public List<Frame> frames() {
    return frames;
  }

  /**
   * The frames grouped into pprof Locations, leaf first: each group is zero or more inlined frames
   * followed by the frame they were inlined into, innermost first (the order of Location lines).
   */
  public List<List<Frame>> locations() {
    List<List<Frame>> groups = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < frames.size(); i++) {
      if (!frames.get(i).inlined() || i == frames.size() - 1) {
        groups.add(frames.subList(start, i + 1));
        start = i + 1;
      }
    }
    return Collections.unmodifiableList(groups);
  }

  public boolean isEmpty() {
    return frames.isEmpty();
  }

  /** Whether the stack was cut: it holds {@link #TRUNCATED} (the root, or next to a view's root frame). */
  public boolean isTruncated() {
    int n = frames.size();
    return (n > 0 && frames.get(n - 1).equals(TRUNCATED)) || (n > 1 && frames.get(n - 2).equals(TRUNCATED));
  }

  @Override
  public boolean equals(Object o) {
    return o == this || (o instanceof Stack s && s.hash == hash && s.frames.equals(frames));
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return frames.toString();
  }
}
