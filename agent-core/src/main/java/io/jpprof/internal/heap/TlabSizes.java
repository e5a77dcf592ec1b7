package io.jpprof.internal.heap;

import java.util.LinkedHashMap;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;

/**
 * How many bytes each thread allocates per old-object sampling chance, from {@code
 * jdk.ObjectAllocationInNewTLAB} and {@code jdk.ObjectAllocationOutsideTLAB} (no stack traces: one
 * small event per TLAB refill or per object allocated outside a TLAB).
 *
 * <p>Why: the JVM offers an object to the old-object sampler exactly when it emits one of these
 * two events: when the object starts a new TLAB, or is allocated outside one. So a thread's bytes
 * per chance, {@code (Σ tlabSize + Σ allocationSize) / events}, is what one of its live samples
 * stands for ({@link LiveSamples}). It differs a lot between threads: TLABs are sized per thread
 * to about 1/50 of what the thread allocates between young collections, and a thread that
 * allocates a few KB at a time in a small TLAB allocates many of them outside it. Without this
 * weight a slowly growing cache on a quiet thread looked many times bigger than a busy thread's.
 *
 * <p>Kept per thread in quarter-second buckets, {@link #HISTORY} buckets (the oldest overwritten), for
 * {@link #MAX_THREADS} threads, least recently active forgotten first.
 */
final class TlabSizes {
  /** The JFR events. */
  static final String EVENT = "jdk.ObjectAllocationInNewTLAB";

  static final String OUTSIDE_EVENT = "jdk.ObjectAllocationOutsideTLAB";

  /** Settings: no stack traces, so each event is a few bytes. */
  static final Map<String, String> SETTINGS = Map.of("stackTrace", "false");

  static final int HISTORY = 128;
  static final int MAX_THREADS = 1024;
  static final long BUCKET_MILLIS = 250;

  /**
   * How far on either side of an allocation the thread's events count: TLAB sizes change in steps,
   * and a large TLAB is counted when it is taken but filled over the following moments.
   */
  static final long WINDOW_MILLIS = 1000;

  /** Bytes per chance of one thread, per bucket; the last bucket is still filling. */
  private static final class History {
    final long[] millis = new long[HISTORY];
    final long[] bytes = new long[HISTORY];
    final long[] events = new long[HISTORY];
    int n;

    void add(long at, long size) {
      int last = (n - 1) % HISTORY;
      if (n == 0 || at - millis[last] >= BUCKET_MILLIS) {
        last = n % HISTORY;
        millis[last] = at;
        bytes[last] = 0;
        events[last] = 0;
        n++;
      }
      bytes[last] += size;
      events[last]++;
    }

    /**
     * Bytes per chance around {@code at}: the buckets starting from {@link #WINDOW_MILLIS} before it
     * to {@link #WINDOW_MILLIS} after it; else the last bucket starting before it; else the oldest.
     */
    long at(long at) {
      int filled = Math.min(n, HISTORY);
      long b = 0;
      long e = 0;
      int best = -1;
      int oldest = -1;
      for (int i = 0; i < filled; i++) {
        if (millis[i] > at - WINDOW_MILLIS - BUCKET_MILLIS && millis[i] <= at + WINDOW_MILLIS) {
          b += bytes[i];
          e += events[i];
        }
        if (millis[i] <= at && (best < 0 || millis[i] > millis[best])) {
          best = i;
        }
        if (oldest < 0 || millis[i] < millis[oldest]) {
          oldest = i;
        }
      }
      if (e > 0) {
        return b / e;
      }
      int i = best >= 0 ? best : oldest;
      return i < 0 || events[i] == 0 ? -1 : bytes[i] / events[i];
    }

    /** Bytes taken in {@code [from, to)}, each bucket's bytes spread evenly over its span. */
    long bytes(long from, long to) {
      int filled = Math.min(n, HISTORY);
      double sum = 0;
      for (int i = 0; i < filled; i++) {
        long a = Math.max(from, millis[i]);
        long b = Math.min(to, millis[i] + BUCKET_MILLIS);
        if (b > a) {
          sum += bytes[i] * (double) (b - a) / BUCKET_MILLIS;
        }
      }
      return Math.round(sum);
    }

    long latest() {
      int last = (n - 1) % HISTORY;
      return events[last] == 0 ? -1 : bytes[last] / events[last];
    }
  }

  private final Map<Long, History> threads =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, History> eldest) {
          return size() > MAX_THREADS;
        }
      };

  private long events;
  private long latestMillis;
  private long largestTlab;

  /** Events received. */
  synchronized long events() {
    return events;
  }

  /** Adds one event of either kind; called on the stream's thread. */
  void accept(RecordedEvent e) {
    RecordedThread thread = e.getThread();
    if (thread == null) {
      return;
    }
    boolean tlab = e.hasField("tlabSize");
    add(thread.getJavaThreadId(), e.getStartTime().toEpochMilli(),
        tlab ? e.getLong("tlabSize") : e.getLong("allocationSize"), tlab);
  }

  /** Adds one TLAB ({@code tlab}) or one allocation outside a TLAB of {@code size} bytes. */
  synchronized void add(long threadId, long atMillis, long size, boolean tlab) {
    events++;
    latestMillis = Math.max(latestMillis, atMillis);
    if (tlab) {
      largestTlab = Math.max(largestTlab, size);
    }
    threads.computeIfAbsent(threadId, k -> new History()).add(atMillis, size);
  }

  /** Bytes per sampling chance of thread {@code threadId} at {@code atMillis}, or -1 when unknown. */
  synchronized long at(long threadId, long atMillis) {
    History h = threads.get(threadId);
    return h == null ? -1 : h.at(atMillis);
  }

  /**
   * Whether the events around {@code atMillis} have all arrived, so that {@link #at} will not
   * change: the stream delivers events in chunks about a second apart, so the latest ones are
   * still missing when a sample is first seen.
   */
  synchronized boolean complete(long atMillis) {
    return latestMillis > atMillis + WINDOW_MILLIS + BUCKET_MILLIS;
  }

  /** Bytes thread {@code threadId} took in TLABs and outside them in {@code [fromMillis, toMillis)}. */
  synchronized long bytes(long threadId, long fromMillis, long toMillis) {
    History h = threads.get(threadId);
    return h == null ? 0 : h.bytes(fromMillis, toMillis);
  }

  /**
   * Bytes all threads took in TLABs and outside them in {@code [fromMillis, toMillis)}, as far as
   * their recent history reaches ({@link #HISTORY} buckets each).
   */
  synchronized long bytes(long fromMillis, long toMillis) {
    long sum = 0;
    for (History h : threads.values()) {
      sum += h.bytes(fromMillis, toMillis);
    }
    return sum;
  }

  /** The largest TLAB any thread took so far (bytes), or 0 before the first event. */
  synchronized long largestTlab() {
    return largestTlab;
  }

  /** The time of the latest event received (epoch ms). */
  synchronized long latestMillis() {
    return latestMillis;
  }

  /** The median of the threads' latest figures, or -1 when none is known: for unknown threads. */
  synchronized long typical() {
    long[] latest = threads.values().stream().mapToLong(History::latest).filter(v -> v > 0).sorted().toArray();
    return latest.length == 0 ? -1 : latest[latest.length / 2];
  }
}
