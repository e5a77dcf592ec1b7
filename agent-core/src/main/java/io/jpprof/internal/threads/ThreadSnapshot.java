package io.jpprof.internal.threads;

import io.jpprof.internal.profile.Clock;
import io.jpprof.internal.profile.Stack;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every thread of the JVM at one moment: platform threads from one {@code dumpAllThreads} call,
 * then virtual threads from {@link VirtualThreadDump}.
 *
 * @param threads platform threads first, then virtual threads
 * @param omittedVirtual virtual threads counted but not kept
 * @param notes what the dump left out, to be said in the output
 * @param inStateNanos per thread id, how long it is known to have been in its state and stack
 * @param timeNanos wall-clock time of the dump
 */
record ThreadSnapshot(
    List<ThreadRecord> threads,
    long omittedVirtual,
    List<String> notes,
    Map<Long, Long> inStateNanos,
    long timeNanos) {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** Number of threads, including omitted virtual threads. */
  long total() {
    return threads.size() + omittedVirtual;
  }

  /**
   * Takes a snapshot. With {@code locks}, platform threads carry their locked monitors and
   * synchronizers (what a full dump shows); without, the dump is cheaper. {@code clock} keeps how
   * long each thread has been in its state across dumps.
   */
  static ThreadSnapshot take(boolean locks, VirtualThreadDump virtualThreads, StateClock clock) {
    long time = Clock.nowNanos();
    boolean monitors = locks && THREADS.isObjectMonitorUsageSupported();
    boolean synchronizers = locks && THREADS.isSynchronizerUsageSupported();
    ThreadInfo[] infos = THREADS.dumpAllThreads(monitors, synchronizers);
    List<ThreadRecord> threads = new ArrayList<>(infos.length);
    Set<Long> ids = new HashSet<>();
    boolean unblockerSeen = false;
    for (ThreadInfo info : infos) {
      if (info == null) {
        continue;
      }
      ids.add(info.getThreadId());
      unblockerSeen |= VirtualThreadDump.UNBLOCKER_THREAD.equals(info.getThreadName());
      threads.add(
          new ThreadRecord(
              info.getThreadId(),
              info.getThreadName(),
              info.getThreadState().name(),
              info.isDaemon(),
              info.getPriority(),
              false,
              Stack.of(info.getStackTrace(), Integer.MAX_VALUE),
              info,
              null));
    }
    VirtualThreadDump.Result virtual = virtualThreads.dump(ids, unblockerSeen);
    threads.addAll(virtual.threads());
    List<String> notes = virtual.note() == null ? List.of() : List.of(virtual.note());
    Map<Long, Long> inState = clock.update(threads, System.nanoTime());
    return new ThreadSnapshot(threads, virtual.omitted(), notes, inState, time);
  }
}
