package io.jpprof.internal.labels;

import io.jpprof.internal.agentlink.AgentLink;
import io.jpprof.internal.profile.Label;
import java.util.List;
import java.util.Map;

/** The labels of this class loader's threads: {@link ThreadLabels}, one for every caller. */
public final class LabelScopes {
  /**
   * Labels belong to threads, which are process-wide: one registry per class loader, as Go's
   * labels are per process.
   */
  public static final ThreadLabels THREADS = new ThreadLabels(AgentLink.agent());

  private LabelScopes() {}

  /** The calling thread's labels. */
  public static LabelSet current() {
    return THREADS.current();
  }

  /** Adds {@code add} to the calling thread's labels (its values win); returns the labels before. */
  public static LabelSet enter(LabelSet add) {
    return THREADS.enter(add);
  }

  /** Gives the calling thread back the labels {@link #enter} returned. */
  public static void exit(LabelSet before) {
    THREADS.exit(before);
  }

  /** Gives the calling thread exactly {@code labels} (the agent's side of {@link AgentLink}). */
  public static void replace(LabelSet labels) {
    THREADS.exit(labels);
  }

  /** The labels of every live thread that has some, by thread id. */
  public static Map<Long, LabelSet> byThread() {
    return THREADS.byThread();
  }

  static void startEvents() {
    THREADS.startEvents();
  }

  static Map<Long, List<Label>> mark(long open, long close) {
    return THREADS.mark(open, close);
  }

  static void stopEvents() {
    THREADS.stopEvents();
  }
}
