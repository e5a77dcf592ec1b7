package io.jpprof.internal.contention;

import io.jpprof.internal.history.History;
import io.jpprof.internal.history.HistoryUnavailableException;
import io.jpprof.internal.jfr.JfrStacks;
import io.jpprof.internal.profile.ProfileData;
import io.jpprof.internal.profile.ProfileSource;
import io.jpprof.internal.profile.ProfileView;
import io.jpprof.internal.profile.ProtoWriter;
import io.jpprof.internal.profile.Sample;
import io.jpprof.internal.profile.ValueType;
import io.jpprof.internal.text.StackText;
import io.jpprof.internal.text.TabWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import jdk.jfr.consumer.RecordedEvent;

/**
 * The {@code block} and {@code mutex} profiles: {@code contentions/count} and {@code
 * delay/nanoseconds} per waiting stack, accumulated since the always-on stream started.
 *
 * <p>{@code debug=1} is Go's text: {@code --- contention:} (block) or {@code --- mutex:}, then
 * {@code cycles/second=1000000000} (so the "cycles" are nanoseconds), for mutex {@code sampling
 * period=1} (every recorded wait counts once: the threshold filters, it does not sample, and pprof
 * multiplies by this number), {@code #} lines with the threshold and with the waits in stacks JFR
 * cut at its depth ({@code # truncated: 3 of 120 waits, ...}), then {@code <delay> <count> @
 * 0x…} records sorted by delay. As in Go, a negative {@code debug} writes the proto.
 */
public final class ContentionProfile implements ProfileSource {
  private static final ValueType CONTENTIONS = new ValueType("contentions", "count");
  private static final ValueType DELAY = new ValueType("delay", "nanoseconds");

  private final String name;
  private final ContentionRecorder recorder;
  private final History history;
  private final WaitTable table;
  private final Supplier<Duration> threshold;

  private ContentionProfile(String name, ContentionRecorder recorder, History history, WaitTable table,
      Supplier<Duration> threshold) {
    this.name = name;
    this.recorder = recorder;
    this.history = history;
    this.table = table;
    this.threshold = threshold;
  }

  /** Every wait {@code recorder} recorded: monitors, Object.wait, parks. */
  public static ContentionProfile block(ContentionRecorder recorder, History history) {
    return new ContentionProfile("block", recorder, history, recorder.block, recorder::blockThreshold);
  }

  /** The lock contention {@code recorder} recorded: synchronized and java.util.concurrent locks. */
  public static ContentionProfile mutex(ContentionRecorder recorder, History history) {
    return new ContentionProfile("mutex", recorder, history, recorder.mutex, recorder::mutexThreshold);
  }

  @Override
  public int count() {
    recorder.start();
    return table.size();
  }

  @Override
  public ProfileData collect() {
    recorder.start();
    return builder(table).build();
  }

  /**
   * The waits that ended in the last {@code window}, read from {@link History} (at the thresholds
   * in effect when they were recorded, filtered again by the current ones).
   *
   * @throws HistoryUnavailableException when history is off or does not reach back that far
   */
  public ProfileData history(Duration window) throws HistoryUnavailableException, IOException {
    WaitTable waits = new WaitTable();
    JfrStacks stacks = new JfrStacks();
    boolean mutex = name.equals("mutex");
    Consumer<RecordedEvent> handler =
        e -> recorder.record(e, stacks, mutex ? null : waits, mutex ? waits : null);
    Map<String, Consumer<RecordedEvent>> handlers = new LinkedHashMap<>();
    ContentionRecorder.events().forEach(event -> handlers.put(event, handler));
    History.Window w = history.read(window, handlers);
    return builder(waits)
        .timeNanos(w.fromEpochNanos())
        .durationNanos(w.durationNanos())
        .comment("jpprof history: the waits that ended in the window")
        .build();
  }

  private ProfileData.Builder builder(WaitTable waits) {
    ProfileData.Builder b = ProfileData.builder(CONTENTIONS, DELAY)
        .periodType(CONTENTIONS)
        .period(1)
        .comment("jpprof " + name + ": " + thresholdText() + "; stacks are of the waiting thread"
            + (name.equals("mutex") ? " (JFR does not record the holder's)" : ""))
        .addAll(waits.samples());
    if (waits.dropped() > 0) {
      b.comment(waits.dropped() + " waits not kept: more than " + WaitTable.MAX_STACKS + " distinct stacks");
    }
    return b;
  }

  private String thresholdText() {
    Duration t = threshold.get();
    return t.isNegative() ? "off (threshold < 0)" : "waits of at least " + t.toNanos() / 1e6 + " ms are recorded";
  }

  @Override
  public void writeText(String name, int debug, ProfileView view, OutputStream out) throws IOException {
    ProfileData profile = view.apply(collect());
    if (debug < 0) {
      ProtoWriter.write(profile, out); // Go's quirk: text only for debug > 0
      return;
    }
    List<Sample> samples = new ArrayList<>(profile.samples());
    samples.sort(Comparator.comparingLong((Sample s) -> s.value(1)).reversed());
    StringBuilder text = new StringBuilder();
    TabWriter w = new TabWriter(text);
    w.print(this.name.equals("mutex") ? "--- mutex:\n" : "--- contention:\n");
    w.print("cycles/second=1000000000\n");
    if (this.name.equals("mutex")) {
      w.print("sampling period=1\n");
    }
    w.print("# jpprof: " + thresholdText() + "\n");
    w.print(StackText.truncatedLine(samples, "waits", "ns of delay"));
    for (Sample s : samples) {
      w.print(s.value(1) + " " + s.value(0) + " " + StackText.addresses(s.stack()) + "\n");
      StackText.printFrames(w, s.stack());
    }
    w.flush();
    out.write(text.toString().getBytes(StandardCharsets.UTF_8));
  }
}
