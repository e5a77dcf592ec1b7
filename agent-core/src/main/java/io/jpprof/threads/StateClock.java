package io.jpprof.threads;

import io.jpprof.profile.Stack;
import java.util.HashMap;
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
  private record Seen(String state, Stack stack, long sinceNanos) {}

  private final Map<Long, Seen> seen = new HashMap<>();

  /**
   * Records the threads of a dump taken at {@code nowNanos} ({@link System#nanoTime()}) and returns,
   * per thread id, how long it has been known to be in its state (absent when not known).
   */
  synchronized Map<Long, Long> update(Iterable<ThreadRecord> threads, long nowNanos) {
    Map<Long, Seen> next = new HashMap<>();
    Map<Long, Long> durations = new HashMap<>();
    for (ThreadRecord t : threads) {
      Seen before = seen.get(t.id());
      if (before != null && before.state.equals(t.state()) && before.stack.equals(t.stack())) {
        next.put(t.id(), before);
        durations.put(t.id(), nowNanos - before.sinceNanos);
      } else {
        next.put(t.id(), new Seen(t.state(), t.stack(), nowNanos));
      }
    }
    seen.clear();
    seen.putAll(next);
    return durations;
  }
}
