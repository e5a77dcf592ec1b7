package io.jpprof.internal.threads;

import io.jpprof.internal.profile.Stack;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Remembers since when each thread has been in its current state at its current stack, across
 * dumps, so a dump can say "WAITING for at least 3 minutes" the way Go's goroutine dump says
 * {@code [chan receive, 3 minutes]}.
 *
 * <p>The JVM does not record when a thread entered its state, so the figure is a lower bound: the
 * time since a dump first saw the thread in this state with this stack. A thread seen for the first
 * time has no figure. Entries of threads absent from the latest dump are dropped, so the table is
 * bounded by the number of live threads seen.
 */
final class StateClock {
  /** A thread's state and a fingerprint of its stack (hash and depth: cheap, and enough here). */
  private record Seen(String state, int stackHash, int depth, long sinceNanos) {
    boolean same(ThreadRecord t) {
      Stack s = t.stack();
      return state.equals(t.state()) && stackHash == s.hashCode() && depth == s.frames().size();
    }
  }

  private final Map<Long, Seen> seen = new HashMap<>();

  /**
   * Records the threads of a dump taken at {@code nowNanos} ({@link System#nanoTime()}) and returns,
   * per thread id, how long it has been known to be in its state (absent when not known).
   */
  synchronized Map<Long, Long> update(List<ThreadRecord> threads, long nowNanos) {
    Map<Long, Seen> next = new HashMap<>(threads.size() * 2);
    Map<Long, Long> durations = new HashMap<>(threads.size() * 2);
    for (ThreadRecord t : threads) {
      Seen before = seen.get(t.id());
      if (before != null && before.same(t)) {
        next.put(t.id(), before);
        durations.put(t.id(), nowNanos - before.sinceNanos);
      } else {
        next.put(t.id(), new Seen(t.state(), t.stack().hashCode(), t.stack().frames().size(), nowNanos));
      }
    }
    seen.clear();
    seen.putAll(next);
    return durations;
  }
}
