package io.jpprof.internal.cpu;

import io.jpprof.internal.jfr.JfrStacks;
import io.jpprof.internal.labels.LabelJoin;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;

/**
 * One CPU profile being recorded: the CPU samples of a window of the JFR stream ({@link
 * CpuStream}), aggregated per thread and stack, and each thread's CPU time read at both ends of
 * the window.
 *
 * <p>{@code cpu/nanoseconds} is measured, not assumed: each thread's CPU time in the window ({@code
 * ThreadMXBean}) is spread over that thread's samples (by count for execution samples, by {@code
 * samplingPeriod} for CPU-time samples). Per-thread totals are therefore exact whatever the
 * sampler's bias, and a second JFR recording in the process that raises the sampling rate changes
 * the counts but not the CPU. CPU that no sample explains is kept, on pseudo-frames: {@link
 * #UNSAMPLED} for a Java thread that ran without being sampled (native code on JDK 17, or a burst
 * between samples), {@link #JVM_INTERNAL} for the process CPU of threads Java cannot see (GC, JIT
 * compilers, VM). So the profile's total is the process's CPU time in the window. A thread that
 * ends inside the window keeps the CPU measured at the last once-a-second poll; only what it did
 * after that is estimated from its samples.
 *
 * <p>Each sample also carries the profiler labels its thread had at the sample's tick ({@link
 * io.jpprof.Profile#doWithLabels}), joined in stream order by {@link LabelJoin}; the measured CPU
 * of a thread is spread over its (stack, labels) pairs, so {@code -tagfocus route=…} sums the CPU
 * of that route's samples.
 */
final class CpuRecording {
  private static final int MAX_STACKS = 50_000;

  static final Frame UNSAMPLED = Frame.of("", "[unsampled CPU of this thread]", null, 0);
  static final Frame JVM_INTERNAL = Frame.of("", "[JVM internal threads: GC, JIT compiler, VM]", null, 0);
  static final Frame OVERFLOW = Frame.of("", "[stacks beyond jpprof's table limit]", null, 0);

  private static final ValueType SAMPLES = new ValueType("samples", "count");
  private static final ValueType CPU = new ValueType("cpu", "nanoseconds");

  /** A stack and the thread's profiler labels when it was sampled. */
  private record Key(Stack stack, List<Label> labels) {}

  /** Samples of one thread: per stack and labels, {count, sampled CPU nanoseconds}. */
  private static final class ThreadSamples {
    final String name;
    final Map<Key, long[]> stacks = new LinkedHashMap<>();
    long count;
    long weight;
    /** The thread's CPU time at the last poll while it was alive, and its sampled weight then. */
    long cpuAtPoll = -1;
    long weightAtPoll;

    ThreadSamples(String name) {
      this.name = name;
    }
  }

  private final CpuEngine engine;
  private final Duration period;
  private final Instant start;
  private final long startNanos;
  private final ThreadCpuClock.Reading startCpu;
  private final Map<Long, ThreadSamples> threads = new HashMap<>();
  private final JfrStacks stacks = new JfrStacks(); // only the stream's thread uses it
  private final CpuStream stream;
  private final Thread labelStart;
  private final long id;
  private int stackCount;
  private volatile Instant end;

  private CpuRecording(CpuStream.Slot slot, long id, CpuEngine engine, Duration period) {
    this.id = id;
    this.engine = engine;
    this.period = period;
    this.startCpu = ThreadCpuClock.read();
    this.start = Instant.now();
    this.startNanos = Clock.nowNanos();
    this.stream = CpuStream.begin(slot, engine, this, period);
    // The label join starts once the stream records (a new stream can take seconds on a busy JVM)
    // on a thread of its own: the caller's window starts now, as the CPU clocks above say. A
    // start() that waited for JFR shifted the samples against those clocks (a 70/30 split on 2
    // threads read 77/23).
    LabelJoin labels = stream.labels;
    this.labelStart = new Thread(labels::start, "jpprof-cpu-labels");
    labelStart.setDaemon(true);
    labelStart.start();
  }

  /** Starts recording now, on the CPU stream (opened unless one is open between profiles). */
  static CpuRecording start(CpuStream.Slot slot, long id, CpuEngine engine, int hz) {
    return new CpuRecording(slot, id, engine, Duration.ofNanos(1_000_000_000L / hz));
  }

  /** On the stream's thread: one sample, with its thread's labels at the sample's tick. */
  void onSample(RecordedEvent e, LabelJoin labels) {
    Instant t = e.getStartTime();
    Instant until = end;
    if (t.isBefore(start) || (until != null && t.isAfter(until))) {
      return;
    }
    RecordedThread thread = e.getThread(engine.threadField);
    if (thread == null) {
      return;
    }
    Key key = new Key(stacks.of(e.getStackTrace()), labels.at(thread.getJavaThreadId()));
    long weight = engine == CpuEngine.CPU_TIME_SAMPLE ? samplingPeriod(e) : period.toNanos();
    synchronized (this) {
      ThreadSamples samples =
          threads.computeIfAbsent(thread.getJavaThreadId(), id -> new ThreadSamples(thread.getJavaName()));
      long[] sums = samples.stacks.get(key);
      if (sums == null) {
        if (stackCount >= MAX_STACKS) {
          key = new Key(Stack.of(List.of(OVERFLOW)), List.of());
          sums = samples.stacks.computeIfAbsent(key, s -> new long[2]);
        } else {
          stackCount++;
          sums = new long[2];
          samples.stacks.put(key, sums);
        }
      }
      sums[0]++;
      sums[1] += weight;
      samples.count++;
      samples.weight += weight;
    }
  }

  private long samplingPeriod(RecordedEvent e) {
    Object v = e.getValue("samplingPeriod");
    if (v instanceof Duration d) {
      return d.toNanos();
    }
    return v instanceof Number n ? n.longValue() : period.toNanos();
  }

  /**
   * About once a second: reads the sampled threads' CPU time, so that a thread that ends before the
   * window does keeps its measured CPU up to the last poll (only the rest is estimated).
   */
  synchronized void onFlush() {
    if (end == null && ThreadCpuClock.supported()) {
      Map<Long, Long> now = ThreadCpuClock.read(threads.keySet());
      for (Map.Entry<Long, ThreadSamples> t : threads.entrySet()) {
        Long cpu = now.get(t.getKey());
        if (cpu != null) {
          t.getValue().cpuAtPoll = cpu;
          t.getValue().weightAtPoll = t.getValue().weight;
        }
      }
    }
  }

  /** Ends the window now, waits until JFR has delivered its samples, and builds the profile. */
  ProfileData stop() {
    end = Instant.now();
    long endNanos = Clock.nowNanos();
    ThreadCpuClock.Reading endCpu = ThreadCpuClock.read();
    finish(true);
    synchronized (this) {
      return build(endCpu, endNanos);
    }
  }

  /** Ends the recording without a profile (the client went away). */
  void abort() {
    end = Instant.now();
    finish(false);
  }

  /**
   * Ends the window on the stream, waiting for its last samples when asked, then stops the label
   * events (and the label join's start, if JFR never began recording them).
   */
  private void finish(boolean awaitSamples) {
    try {
      stream.end(this, id, awaitSamples);
    } finally {
      stream.labels.stop();
    }
    try {
      labelStart.join(1_000); // a start still waiting for its stream sees the stop within a millisecond
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private ProfileData build(ThreadCpuClock.Reading endCpu, long endNanos) {
    ProfileData.Builder b = ProfileData.builder(SAMPLES, CPU)
        .periodType(CPU)
        .period(period.toNanos())
        .timeNanos(startNanos)
        .durationNanos(endNanos - startNanos)
        .comment("jpprof: " + engine.eventName + " every " + period.toMillis() + " ms"
            + (engine == CpuEngine.CPU_TIME_SAMPLE ? " of each thread's CPU time" : " (Java code only)"))
        .comment(ThreadCpuClock.supported()
            ? "cpu/nanoseconds: each thread's CPU time in the window (ThreadMXBean), spread over its samples"
            : "cpu/nanoseconds: samples x period (this JVM does not measure thread CPU time)");
    b.comment(truncatedComment());
    long javaCpu = 0;
    for (Map.Entry<Long, ThreadSamples> t : threads.entrySet()) {
      long measured = cpuDelta(t.getKey(), endCpu);
      ThreadSamples s = t.getValue();
      long total = measured >= 0 ? measured
          : s.cpuAtPoll >= 0 ? s.cpuAtPoll - startCpu.threads().getOrDefault(t.getKey(), 0L) + s.weight - s.weightAtPoll
          : s.weight;
      javaCpu += total;
      spread(b, s, total);
    }
    javaCpu += unsampledThreads(b, endCpu);
    long process = endCpu.process() >= 0 && startCpu.process() >= 0 ? endCpu.process() - startCpu.process() : -1;
    if (process > javaCpu && ThreadCpuClock.supported()) {
      b.add(new Sample(Stack.of(List.of(JVM_INTERNAL)), new long[] {0, process - javaCpu},
          List.of(Label.of(ProfileView.THREAD, "[JVM]"))));
    }
    return b.build();
  }

  /** How many samples have stacks JFR cut at its depth. */
  private String truncatedComment() {
    long cut = 0;
    long all = 0;
    for (ThreadSamples s : threads.values()) {
      for (Map.Entry<Key, long[]> e : s.stacks.entrySet()) {
        all += e.getValue()[0];
        cut += e.getKey().stack().isTruncated() ? e.getValue()[0] : 0;
      }
    }
    return "truncated: " + cut + " of " + all + " samples " + Stack.TRUNCATED_NOTE;
  }

  /** Spreads {@code total} CPU nanoseconds over a thread's stacks, in proportion to their weight. */
  private static void spread(ProfileData.Builder b, ThreadSamples s, long total) {
    Label thread = Label.of(ProfileView.THREAD, s.name);
    spread(s.stacks, s.weight, total, (key, values) ->
        b.add(new Sample(key.stack(), values, withThread(thread, key.labels()))));
  }

  /**
   * Splits {@code total} over {@code stacks} (each {count, weight}) in proportion to their weights,
   * which add up to {@code weight}; hands each key {count, share} to {@code out}. The shares add up
   * to {@code total} exactly.
   */
  static <K> void spread(Map<K, long[]> stacks, long weight, long total, BiConsumer<K, long[]> out) {
    long left = total;
    long weightLeft = weight;
    for (Map.Entry<K, long[]> e : stacks.entrySet()) {
      long w = e.getValue()[1];
      long share = weightLeft == 0 ? 0 : (long) ((double) left * w / weightLeft);
      left -= share;
      weightLeft -= w;
      out.accept(e.getKey(), new long[] {e.getValue()[0], share});
    }
  }

  /** The thread's name (an internal label, see {@link ProfileView}) and its profiler labels. */
  private static List<Label> withThread(Label thread, List<Label> labels) {
    if (labels.isEmpty()) {
      return List.of(thread);
    }
    List<Label> all = new ArrayList<>(labels.size() + 1);
    all.add(thread);
    all.addAll(labels);
    return all;
  }

  /** Java threads that used CPU in the window but were never sampled. Returns their CPU. */
  private long unsampledThreads(ProfileData.Builder b, ThreadCpuClock.Reading endCpu) {
    List<Long> ids = new ArrayList<>();
    Map<Long, Long> cpu = new HashMap<>();
    for (Long id : endCpu.threads().keySet()) {
      long delta = cpuDelta(id, endCpu);
      if (delta > 0 && !threads.containsKey(id)) {
        ids.add(id);
        cpu.put(id, delta);
      }
    }
    if (ids.isEmpty()) {
      return 0;
    }
    long sum = 0;
    ThreadInfo[] infos = ManagementFactory.getThreadMXBean()
        .getThreadInfo(ids.stream().mapToLong(Long::longValue).toArray(), 0);
    for (int i = 0; i < infos.length; i++) {
      String name = infos[i] == null ? "thread-" + ids.get(i) : infos[i].getThreadName();
      long delta = cpu.get(ids.get(i));
      sum += delta;
      b.add(new Sample(Stack.of(List.of(UNSAMPLED)), new long[] {0, delta}, List.of(Label.of(ProfileView.THREAD, name))));
    }
    return sum;
  }

  /** The thread's CPU time in the window, or -1 when unknown (it ended before the window did). */
  private long cpuDelta(long id, ThreadCpuClock.Reading endCpu) {
    Long after = endCpu.threads().get(id);
    if (after == null) {
      return -1;
    }
    return Math.max(0, after - startCpu.threads().getOrDefault(id, 0L));
  }
}
