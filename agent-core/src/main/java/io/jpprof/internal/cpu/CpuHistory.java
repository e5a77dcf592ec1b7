package io.jpprof.internal.cpu;

import io.jpprof.internal.history.History;
import io.jpprof.internal.history.HistoryUnavailableException;
import io.jpprof.internal.jfr.JfrStacks;
import io.jpprof.internal.profile.Label;
import io.jpprof.internal.profile.ProfileData;
import io.jpprof.internal.profile.ProfileView;
import io.jpprof.internal.profile.Sample;
import io.jpprof.internal.profile.Stack;
import io.jpprof.internal.profile.ValueType;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import jdk.jfr.FlightRecorder;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;

/**
 * The CPU profile of a window that has already passed ({@code /profile?seconds=60&history=1}),
 * from the CPU samples {@link History} keeps.
 *
 * <p>While history is kept the best engine ({@link CpuEngine#best}) samples all the time at
 * {@value #HZ} Hz, a quarter to a fifth of a CPU profile's default rate: JFR's per-sample cost
 * (about 0.1 ms of a suspended thread per execution sample) is paid for every minute kept, not
 * only while someone asks (docs/benchmarks.md). A CPU profile running meanwhile, or any other JFR
 * recording, raises JFR's rate; execution samples are therefore thinned back to one per thread
 * per {@value #PERIOD_MS} ms slot, so that each stands for {@value #PERIOD_MS} ms. CPU-time
 * samples (JDK 25+, Linux) carry the CPU time they stand for and are all kept.
 *
 * <p>{@code cpu/nanoseconds} is measured as in a live profile, to the second: history's thread
 * reads every Java thread's CPU time once a second ({@code ThreadMXBean}) and records what each
 * used ({@link ThreadCpuEvent}); a thread's CPU in the window is spread over its samples, and a
 * thread that used CPU without a sample is kept on {@link CpuRecording#UNSAMPLED}. Without
 * per-thread CPU time (a JVM that does not measure it) it is samples × period: execution samples
 * count a runnable thread waiting for a core as if it ran. The thread is kept (for {@code
 * bythread=1}), profiler labels are not.
 */
public final class CpuHistory {
  /** The sampling rate while history is kept. */
  public static final int HZ = 10;

  static final long PERIOD_MS = 1000 / HZ;
  private static final long PERIOD_NANOS = PERIOD_MS * 1_000_000;
  private static final int MAX_STACKS = 50_000;
  private static final ValueType SAMPLES = new ValueType("samples", "count");
  private static final ValueType CPU = new ValueType("cpu", "nanoseconds");

  /** The previous reading of every thread's CPU time; only history's thread uses it. */
  private Map<Long, Long> lastCpu;
  private long lastCpuAt;

  private final History history;

  /** CPU history kept in {@code history}. */
  public CpuHistory(History history) {
    this.history = history;
  }

  /** Asks {@link History} to keep the CPU samples and each thread's CPU time; called when the collectors start. */
  public void subscribe() {
    CpuEngine engine = CpuEngine.best();
    history.enable(engine.eventName, engine == CpuEngine.CPU_TIME_SAMPLE
        ? Map.of("enabled", "true", "throttle", PERIOD_MS + "ms", "stackTrace", "true")
        : Map.of("enabled", "true", "period", PERIOD_MS + " ms", "stackTrace", "true"));
    if (ThreadCpuClock.supported()) {
      FlightRecorder.register(ThreadCpuEvent.class);
      history.enable(ThreadCpuEvent.NAME, Map.of("enabled", "true"));
      history.everySecond(this::recordThreadCpu);
    }
  }

  /** On history's thread, once a second: each thread's CPU time since the previous reading. */
  private void recordThreadCpu() {
    Map<Long, Long> now = ThreadCpuClock.read().threads();
    long at = System.nanoTime();
    Map<Long, Long> before = lastCpu;
    boolean stale = at - lastCpuAt > 3_000_000_000L; // history was stopped in between
    lastCpu = now;
    lastCpuAt = at;
    if (before == null || stale) {
      return; // the first reading is the baseline
    }
    for (Map.Entry<Long, Long> t : now.entrySet()) {
      long used = t.getValue() - before.getOrDefault(t.getKey(), 0L);
      if (used > 0) {
        ThreadCpuEvent e = new ThreadCpuEvent();
        e.javaThreadId = t.getKey();
        e.cpuNanos = used;
        e.commit();
      }
    }
  }

  /** One thread's {@value #PERIOD_MS} ms slot. */
  private record ThreadSlot(long thread, long slot) {}

  /** Samples of one thread: per stack, {count, weight}. */
  private static final class ThreadSamples {
    final String name;
    final Map<Stack, long[]> stacks = new LinkedHashMap<>();
    long weight;

    ThreadSamples(String name) {
      this.name = name;
    }
  }

  /**
   * The CPU profile of the last {@code window}, read from history.
   *
   * @throws HistoryUnavailableException when history is off or does not reach back that far
   */
  public ProfileData profile(Duration window) throws HistoryUnavailableException, IOException {
    CpuEngine engine = CpuEngine.best();
    JfrStacks stacks = new JfrStacks();
    Map<Long, ThreadSamples> threads = new HashMap<>();
    Map<Long, Long> measured = new HashMap<>();
    Set<ThreadSlot> seen = new HashSet<>();
    int[] distinct = {0};
    long[] dropped = {0};
    Map<String, Consumer<RecordedEvent>> handlers = new HashMap<>();
    handlers.put(ThreadCpuEvent.NAME, e -> measured.merge(e.getLong("javaThreadId"), e.getLong("cpuNanos"), Long::sum));
    handlers.put(engine.eventName, e -> {
      RecordedThread thread = e.getThread(engine.threadField);
      if (thread == null) {
        return;
      }
      long weight;
      if (engine == CpuEngine.CPU_TIME_SAMPLE) {
        weight = samplingPeriod(e);
      } else {
        long slot = Math.floorDiv(e.getStartTime().toEpochMilli(), PERIOD_MS);
        if (!seen.add(new ThreadSlot(thread.getJavaThreadId(), slot))) {
          return; // a faster recording's extra sample of this thread in this slot (in any order: the dump is read unordered)
        }
        weight = PERIOD_NANOS;
      }
      ThreadSamples t = threads.computeIfAbsent(thread.getJavaThreadId(),
          id -> new ThreadSamples(thread.getJavaName() == null ? "thread-" + id : thread.getJavaName()));
      Stack stack = stacks.of(e.getStackTrace());
      long[] sums = t.stacks.get(stack);
      if (sums == null) {
        if (distinct[0] >= MAX_STACKS) {
          dropped[0]++;
          stack = Stack.of(List.of(CpuRecording.OVERFLOW));
          sums = t.stacks.computeIfAbsent(stack, k -> new long[2]);
        } else {
          distinct[0]++;
          sums = new long[2];
          t.stacks.put(stack, sums);
        }
      }
      sums[0]++;
      sums[1] += weight;
      t.weight += weight;
    });
    History.Window w = history.read(window, handlers);
    boolean measuring = !measured.isEmpty();
    ProfileData.Builder b = ProfileData.builder(SAMPLES, CPU)
        .periodType(CPU)
        .period(PERIOD_NANOS)
        .timeNanos(w.fromEpochNanos())
        .durationNanos(w.durationNanos())
        .comment("jpprof history: " + engine.eventName + " every " + PERIOD_MS + " ms"
            + (engine == CpuEngine.CPU_TIME_SAMPLE ? " of each thread's CPU time" : " (Java code only)"))
        .comment(measuring
            ? "cpu/nanoseconds: each thread's CPU time in the window, to the second (ThreadMXBean), spread over its samples"
            : "cpu/nanoseconds: samples x period");
    for (Map.Entry<Long, ThreadSamples> t : threads.entrySet()) {
      Long cpu = measured.remove(t.getKey());
      spread(b, t.getValue(), measuring ? (cpu == null ? 0 : cpu) : t.getValue().weight);
    }
    unsampled(b, measured);
    if (dropped[0] > 0) {
      b.comment(dropped[0] + " samples on one frame: more than " + MAX_STACKS + " distinct stacks");
    }
    return b.build();
  }

  /** Spreads {@code total} CPU nanoseconds over a thread's stacks, in proportion to their weight. */
  private static void spread(ProfileData.Builder b, ThreadSamples s, long total) {
    List<Label> thread = List.of(Label.of(ProfileView.THREAD, s.name));
    CpuRecording.spread(s.stacks, s.weight, total, (stack, values) -> b.add(new Sample(stack, values, thread)));
  }

  /** Threads that used CPU in the window but were never sampled: on {@link CpuRecording#UNSAMPLED}. */
  private static void unsampled(ProfileData.Builder b, Map<Long, Long> cpu) {
    if (cpu.isEmpty()) {
      return;
    }
    long[] ids = cpu.keySet().stream().mapToLong(Long::longValue).toArray();
    ThreadInfo[] infos = ManagementFactory.getThreadMXBean().getThreadInfo(ids, 0);
    for (int i = 0; i < ids.length; i++) {
      String name = infos[i] == null ? "thread-" + ids[i] : infos[i].getThreadName();
      b.add(new Sample(Stack.of(List.of(CpuRecording.UNSAMPLED)), new long[] {0, cpu.get(ids[i])},
          List.of(Label.of(ProfileView.THREAD, name))));
    }
  }

  private static long samplingPeriod(RecordedEvent e) {
    Object v = e.getValue("samplingPeriod");
    if (v instanceof Duration d) {
      return d.toNanos();
    }
    return v instanceof Number n ? n.longValue() : PERIOD_NANOS;
  }
}
