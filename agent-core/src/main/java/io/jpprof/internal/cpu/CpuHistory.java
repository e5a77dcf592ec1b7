package io.jpprof.internal.cpu;

import io.jpprof.internal.history.History;
import io.jpprof.internal.history.HistoryUnavailableException;
import io.jpprof.internal.jfr.JfrStacks;
import io.jpprof.internal.profile.Label;
import io.jpprof.internal.profile.ProfileData;
import io.jpprof.internal.profile.ProfileView;
import io.jpprof.internal.profile.SampleTable;
import io.jpprof.internal.profile.Stack;
import io.jpprof.internal.profile.ValueType;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * <p>{@code cpu/nanoseconds} is samples × period (Go's rule), not measured per thread as in a live
 * profile: execution samples see Java code only and at most a few threads per tick, so a busy
 * process with many runnable threads reads low; a runnable thread waiting for a core is sampled as
 * if it ran, so an oversubscribed machine reads high (2.8 s for 0.64 s of CPU at load 22 on 2
 * cores). The thread is kept (for {@code bythread=1}), profiler labels are not.
 */
public final class CpuHistory {
  /** The sampling rate while history is kept. */
  public static final int HZ = 10;

  static final long PERIOD_MS = 1000 / HZ;
  private static final long PERIOD_NANOS = PERIOD_MS * 1_000_000;
  private static final int MAX_STACKS = 50_000;
  private static final ValueType SAMPLES = new ValueType("samples", "count");
  private static final ValueType CPU = new ValueType("cpu", "nanoseconds");

  private CpuHistory() {}

  /** Asks {@link History} to keep the CPU samples; called when the collectors start. */
  public static void subscribe() {
    CpuEngine engine = CpuEngine.best();
    History.enable(engine.eventName, engine == CpuEngine.CPU_TIME_SAMPLE
        ? Map.of("enabled", "true", "throttle", PERIOD_MS + "ms", "stackTrace", "true")
        : Map.of("enabled", "true", "period", PERIOD_MS + " ms", "stackTrace", "true"));
  }

  /**
   * The CPU profile of the last {@code window}, read from history.
   *
   * @throws HistoryUnavailableException when history is off or does not reach back that far
   */
  public static ProfileData profile(Duration window) throws HistoryUnavailableException, IOException {
    CpuEngine engine = CpuEngine.best();
    JfrStacks stacks = new JfrStacks();
    SampleTable table = new SampleTable(2, MAX_STACKS);
    Map<Long, Long> lastSlot = new HashMap<>();
    History.Window w = History.read(window, Map.of(engine.eventName, e -> {
      RecordedThread thread = e.getThread(engine.threadField);
      long weight;
      if (engine == CpuEngine.CPU_TIME_SAMPLE) {
        weight = samplingPeriod(e);
      } else {
        long slot = Math.floorDiv(e.getStartTime().toEpochMilli(), PERIOD_MS);
        Long previous = thread == null ? null : lastSlot.put(thread.getJavaThreadId(), slot);
        if (previous != null && previous == slot) {
          return; // a faster recording's extra sample of this thread in this slot
        }
        weight = PERIOD_NANOS;
      }
      Stack stack = stacks.of(e.getStackTrace());
      String name = thread == null ? null : thread.getJavaName();
      table.add(stack, name == null ? List.of() : List.of(Label.of(ProfileView.THREAD, name)), 1, weight);
    }));
    ProfileData.Builder b = ProfileData.builder(SAMPLES, CPU)
        .periodType(CPU)
        .period(PERIOD_NANOS)
        .timeNanos(w.fromEpochNanos())
        .durationNanos(w.durationNanos())
        .comment("jpprof history: " + engine.eventName + " every " + PERIOD_MS + " ms"
            + (engine == CpuEngine.CPU_TIME_SAMPLE ? " of each thread's CPU time" : " (Java code only)")
            + "; cpu/nanoseconds = samples x period")
        .addAll(table.samples());
    if (table.dropped() > 0) {
      b.comment(table.dropped() + " samples not kept: more than " + MAX_STACKS + " distinct stacks");
    }
    return b.build();
  }

  private static long samplingPeriod(RecordedEvent e) {
    Object v = e.getValue("samplingPeriod");
    if (v instanceof Duration d) {
      return d.toNanos();
    }
    return v instanceof Number n ? n.longValue() : PERIOD_NANOS;
  }
}
