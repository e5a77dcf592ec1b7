package io.jpprof.internal.wall;

import io.jpprof.internal.labels.LabelScopes;
import io.jpprof.internal.labels.LabelSet;
import io.jpprof.internal.profile.Clock;
import io.jpprof.internal.profile.Frame;
import io.jpprof.internal.profile.Label;
import io.jpprof.internal.profile.ProfileData;
import io.jpprof.internal.profile.ProfileView;
import io.jpprof.internal.profile.Sample;
import io.jpprof.internal.profile.Stack;
import io.jpprof.internal.profile.ValueType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wall-clock profile, fgprof's for the JVM: where every thread spends its time, on CPU and
 * off (sleeping, waiting, blocked on a monitor, in native I/O).
 *
 * <p>A daemon thread dumps all platform threads' stacks ({@code ThreadMXBean.dumpAllThreads},
 * without locks, at most {@value #MAX_DEPTH} frames) {@code hz} times a second, at jittered
 * intervals so that it cannot lock step with a periodic workload. Each dump charges every thread's
 * stack with the wall time since the previous dump: sample types {@code samples/count} and {@code
 * wall/nanoseconds}, labels {@code state} (running, sleeping, waiting, blocked, native) and the
 * thread's profiler labels, and the thread's name as an internal label ({@link ProfileView}). A dump stops the JVM at a safepoint for roughly 10–20
 * µs per thread, so the sampler keeps its own duty cycle under {@value #MAX_DUTY_PERCENT} %: with
 * many threads it samples less often rather than cost more.
 *
 * <p>By default idle threads are left out: off-CPU samples of a thread waiting for work (worker
 * pools between tasks, event loops and acceptors between connections, see {@link WallState#idle}),
 * threads with no frame outside the JDK, and jpprof's own threads. {@link Options#idle} keeps them;
 * {@link Options#threads} keeps only threads whose name matches.
 *
 * <p>Virtual threads are not sampled ({@code ThreadMXBean} does not see them); their carriers are.
 */
public final class WallProfiler {
  /** fgprof's rate. */
  public static final int DEFAULT_HZ = 99;
  public static final int MAX_HZ = 1000;
  /** How many wall-clock profiles may run at once. */
  public static final int MAX_SESSIONS = 4;
  static final int MAX_DEPTH = 128;
  static final int MAX_DUTY_PERCENT = 10;
  private static final int MAX_KEYS = 50_000;
  private static final int MAX_FRAMES = 1 << 16;

  private static final Logger log = LoggerFactory.getLogger(WallProfiler.class);
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final ValueType SAMPLES = new ValueType("samples", "count");
  private static final ValueType WALL = new ValueType("wall", "nanoseconds");
  private static final Frame OVERFLOW = Frame.of("", "[stacks beyond jpprof's table limit]", null, 0);
  private final AtomicInteger sessions = new AtomicInteger();
  /** Whether this process's first dump has run (it loads classes on a cold JIT). */
  private final java.util.concurrent.atomic.AtomicBoolean warmedUp = new java.util.concurrent.atomic.AtomicBoolean();

  /** A profiler that runs at most {@value #MAX_SESSIONS} profiles at once. */
  public WallProfiler() {}

  /**
   * What to sample.
   *
   * @param hz dumps per second (clamped to 1..{@value #MAX_HZ})
   * @param threads only threads whose name this finds a match in, or null for all
   * @param idle true to keep idle threads and jpprof's own
   */
  public record Options(int hz, Pattern threads, boolean idle) {
    public static Options defaults() {
      return new Options(DEFAULT_HZ, null, false);
    }
  }

  /**
   * Starts a wall-clock profile.
   *
   * @throws IllegalStateException when {@value #MAX_SESSIONS} are already running
   */
  public Session start(Options options) {
    if (sessions.incrementAndGet() > MAX_SESSIONS) {
      sessions.decrementAndGet();
      throw new IllegalStateException("wall-clock profiling already in use by " + MAX_SESSIONS + " clients");
    }
    try {
      return new Session(options);
    } catch (RuntimeException | Error e) {
      sessions.decrementAndGet();
      throw e;
    }
  }

  private record Key(Stack stack, List<Label> labels) {}

  /** What a thread looked like at its last dump, so an unchanged thread costs no new objects. */
  private static final class Seen {
    StackTraceElement[] trace;
    WallState state;
    LabelSet labels;
    String name;
    Key key;
  }

  /** A running wall-clock profile. */
  public final class Session implements AutoCloseable {
    private final Options options;
    private final long intervalNanos;
    private final Thread sampler;
    private final long startEpochNanos = Clock.nowNanos();
    private final long startNanos = System.nanoTime();
    private final Map<Key, long[]> sums = new LinkedHashMap<>();
    private final Map<Long, Seen> seen = new HashMap<>();
    private final Map<StackTraceElement, Frame> frames = new HashMap<>();
    private volatile boolean stopped;
    private boolean released;
    private long dumps;
    private long dumpNanos;
    private long warmUpNanos;
    private long dropped;

    private Session(Options options) {
      this.options = options;
      this.intervalNanos = 1_000_000_000L / Math.max(1, Math.min(MAX_HZ, options.hz()));
      this.sampler = new Thread(this::run, "jpprof-wall-profile");
      sampler.setDaemon(true);
      sampler.start();
    }

    private void run() {
      long last = System.nanoTime();
      long pause = jitter(intervalNanos);
      while (!stopped) {
        try {
          Thread.sleep(pause / 1_000_000, (int) (pause % 1_000_000));
        } catch (InterruptedException e) {
          break; // stop() interrupts: the time since the last dump is not charged
        }
        long t0 = System.nanoTime();
        try {
          ThreadInfo[] infos = THREADS.dumpAllThreads(false, false, MAX_DEPTH);
          Map<Long, LabelSet> labels = LabelScopes.byThread();
          synchronized (this) {
            if (stopped) {
              break;
            }
            charge(infos, labels, t0 - last);
            dumps++;
          }
        } catch (RuntimeException e) {
          log.debug("wall-clock sample failed", e);
        }
        last = t0;
        long now = System.nanoTime();
        dumpNanos += now - t0;
        if (dumps <= 1 && warmedUp.compareAndSet(false, true)) {
          warmUpNanos = now - t0; // the process's first dump loads classes on a cold JIT: not held against the duty cycle
        }
        // the next dump waits until all dumps so far are at most MAX_DUTY_PERCENT of the time
        long owed = (dumpNanos - warmUpNanos) * (100 / MAX_DUTY_PERCENT) - (now - startNanos);
        pause = jitter(Math.max(intervalNanos, owed)); // jittered too: no lock step at any rate
      }
    }

    /** Uniform in [0.5, 1.5] × interval: the mean rate is kept, lock step with a workload is not. */
    private static long jitter(long interval) {
      return interval / 2 + ThreadLocalRandom.current().nextLong(interval + 1);
    }

    private void charge(ThreadInfo[] infos, Map<Long, LabelSet> labels, long wall) {
      long self = sampler.getId();
      for (ThreadInfo info : infos) {
        if (info == null || info.getThreadId() == self) {
          continue;
        }
        WallState state = WallState.of(info);
        if (state == null) {
          continue;
        }
        String name = info.getThreadName();
        if (options.threads() != null && !options.threads().matcher(name).find()) {
          continue;
        }
        StackTraceElement[] trace = info.getStackTrace();
        if (!options.idle() && (name.startsWith("jpprof-") || state.idle(trace))) {
          continue;
        }
        long[] sum = sums.get(key(info.getThreadId(), name, state, trace, labels.get(info.getThreadId())));
        sum[0]++;
        sum[1] += wall;
      }
    }

    /** The table entry of this thread's sample; made only when something changed since its last dump. */
    private Key key(long id, String name, WallState state, StackTraceElement[] trace, LabelSet profilerLabels) {
      LabelSet l = profilerLabels == null ? LabelSet.EMPTY : profilerLabels;
      Seen s = seen.computeIfAbsent(id, x -> new Seen());
      if (s.key != null && s.state == state && s.labels == l && s.name.equals(name)) {
        if (!Arrays.equals(s.trace, trace)) {
          s.key = new Key(stack(trace), s.key.labels());
        }
      } else {
        List<Label> all = new ArrayList<>(2 + l.size());
        all.add(Label.of("state", state.label));
        all.add(Label.of(ProfileView.THREAD, name));
        for (Label u : l.pprofLabels()) {
          if (!u.key().equals("state")) {
            all.add(u);
          }
        }
        all.sort(Label.ORDER);
        s.key = new Key(s.trace != null && Arrays.equals(s.trace, trace) ? s.key.stack() : stack(trace), List.copyOf(all));
      }
      s.trace = trace;
      s.state = state;
      s.labels = l;
      s.name = name;
      if (!sums.containsKey(s.key)) {
        if (sums.size() >= MAX_KEYS) {
          dropped++;
          Key overflow = new Key(Stack.of(List.of(OVERFLOW)), s.key.labels());
          sums.computeIfAbsent(overflow, k -> new long[2]);
          return overflow;
        }
        sums.put(s.key, new long[2]);
      }
      return s.key;
    }

    private Stack stack(StackTraceElement[] trace) {
      List<Frame> out = new ArrayList<>(trace.length);
      for (StackTraceElement e : trace) {
        Frame f = frames.get(e);
        if (f == null) {
          f = Frame.of(e);
          if (frames.size() < MAX_FRAMES) {
            frames.put(e, f);
          }
        }
        out.add(f);
      }
      if (trace.length >= MAX_DEPTH) {
        out.add(Stack.TRUNCATED); // a stack of exactly MAX_DEPTH frames is marked too
      }
      return Stack.of(out);
    }

    /** How many dumps were charged so far. */
    synchronized long dumps() {
      return dumps;
    }

    /** Ends the profile and returns it. */
    public ProfileData stop() {
      long end = System.nanoTime();
      halt();
      synchronized (this) {
        ProfileData.Builder b = ProfileData.builder(SAMPLES, WALL)
            .periodType(WALL)
            .period(intervalNanos)
            .timeNanos(startEpochNanos)
            .durationNanos(end - startNanos)
            .comment(String.format("jpprof: wall clock, %d dumps of all platform threads (ThreadMXBean), %.2f ms each on average",
                dumps, dumps == 0 ? 0.0 : dumpNanos / 1e6 / dumps))
            .comment(options.idle() ? "idle threads included"
                : "idle threads left out: waiting for work in pools, event loops and acceptors, JDK-only stacks, jpprof's own");
        if (options.threads() != null) {
          b.comment("threads matching " + options.threads().pattern());
        }
        if (dropped > 0) {
          b.comment(dropped + " samples beyond the table limit of " + MAX_KEYS + " stacks are on one frame");
        }
        sums.forEach((k, v) -> {
          if (v[0] > 0) {
            b.add(new Sample(k.stack(), v, k.labels()));
          }
        });
        return b.build();
      }
    }

    /** Ends the profile without building it; idempotent. */
    @Override
    public void close() {
      halt();
    }

    private void halt() {
      stopped = true;
      sampler.interrupt();
      try {
        sampler.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      synchronized (this) {
        if (!released) {
          released = true;
          sessions.decrementAndGet();
        }
      }
    }
  }
}
