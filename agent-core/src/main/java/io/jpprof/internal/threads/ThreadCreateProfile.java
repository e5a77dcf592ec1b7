package io.jpprof.internal.threads;

import io.jpprof.internal.jfr.AlwaysOnStream;
import io.jpprof.internal.jfr.Jfr;
import io.jpprof.internal.jfr.JfrStacks;
import io.jpprof.internal.profile.Frame;
import io.jpprof.internal.profile.Label;
import io.jpprof.internal.profile.ProfileData;
import io.jpprof.internal.profile.ProfileSource;
import io.jpprof.internal.profile.ProfileView;
import io.jpprof.internal.profile.SampleTable;
import io.jpprof.internal.profile.Stack;
import io.jpprof.internal.text.CountText;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;

/**
 * The {@code threadcreate} profile: for every thread started since jpprof's always-on JFR stream
 * runs, the stack of the code that started it ({@code jdk.ThreadStart}), with a {@code kind}
 * label ({@code platform}, or {@code virtual} when {@code -Djpprof.threadcreate.virtual=true}
 * also records {@code jdk.VirtualThreadStart} on JDK 21+; off by default because it would add a
 * stack walk to every virtual thread's start, and Go's threadcreate counts OS threads, not
 * goroutines).
 *
 * <p>Threads started before the stream ran have no known creation stack; they are counted on one
 * pseudo-frame, {@link #BEFORE}, so the total is {@code ThreadMXBean.getTotalStartedThreadCount()}
 * and {@code -base} of two profiles shows exactly the threads started in between. (Go would use a
 * sample without locations; pprof's text parser rejects that, a named frame also reads better.)
 * Bounded at {@value #MAX_STACKS} distinct stacks.
 */
public final class ThreadCreateProfile implements ProfileSource {
  static final Frame BEFORE = Frame.of("", "[threads started before jpprof's JFR stream]", null, 0);
  static final int MAX_STACKS = 10_000;

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final boolean VIRTUAL = Boolean.getBoolean("jpprof.threadcreate.virtual");

  private final SampleTable table = new SampleTable(1, MAX_STACKS);
  private final JfrStacks stacks = new JfrStacks();
  private long recorded;
  private long before = -1;
  private boolean subscribed;
  private final AlwaysOnStream stream;
  private final Runnable ensureStarted;

  /**
   * A profile of the thread starts {@code stream} delivers once subscribed; {@code ensureStarted}
   * starts jpprof's collectors when nothing holds them.
   */
  public ThreadCreateProfile(AlwaysOnStream stream, Runnable ensureStarted) {
    this.stream = stream;
    this.ensureStarted = ensureStarted;
  }

  /**
   * Makes sure thread starts are recorded: starts jpprof's collectors unless a lease holds them
   * already.
   *
   * @throws io.jpprof.internal.jfr.JfrUnavailableException on a runtime without JFR
   */
  public void start() {
    Jfr.requireAvailable();
    ensureStarted.run();
  }

  /** Called when the collectors start: subscribes {@code jdk.ThreadStart} to the always-on stream, once. */
  public synchronized void subscribe() {
    if (!subscribed) {
      subscribed = true;
      stream.subscribe("jdk.ThreadStart", Map.of("enabled", "true", "stackTrace", "true"), e -> accept(e, "platform"));
      if (VIRTUAL && Runtime.version().feature() >= 21) {
        stream.subscribe("jdk.VirtualThreadStart", Map.of("enabled", "true", "stackTrace", "true"),
            e -> accept(e, "virtual"));
      }
    }
  }

  /**
   * Called when the collectors have stopped the stream: threads started while it does not
   * run have no known stack, so the count of those is taken again once it runs again.
   */
  public synchronized void stopped() {
    before = -1;
  }

  private synchronized void accept(RecordedEvent e, String kind) {
    recorded++;
    table.add(stacks.of(e.getStackTrace()), List.of(Label.of("kind", kind)), 1);
  }

  @Override
  public int count() {
    start();
    return (int) Math.min(Integer.MAX_VALUE, THREADS.getTotalStartedThreadCount());
  }

  @Override
  public ProfileData collect() {
    start(); // not under this object's lock: the collectors' stop takes it (stopped())
    synchronized (this) {
      return build();
    }
  }

  private ProfileData build() {
    long total = THREADS.getTotalStartedThreadCount();
    long unknown;
    if (stream.isRunning()) {
      if (before < 0) {
        before = Math.max(0, total - recorded); // fixed while the stream runs, so -base cancels it
      }
      unknown = before;
    } else {
      unknown = Math.max(0, total - recorded);
    }
    List<io.jpprof.internal.profile.Sample> samples = table.samples();
    long cut = 0;
    long recordedStarts = 0;
    for (io.jpprof.internal.profile.Sample s : samples) {
      recordedStarts += s.value(0);
      cut += s.stack().isTruncated() ? s.value(0) : 0;
    }
    ProfileData.Builder b = ProfileData.countProfile("threadcreate").addAll(samples)
        .comment("truncated: " + cut + " of " + recordedStarts + " recorded thread starts " + Stack.TRUNCATED_NOTE);
    if (unknown > 0) {
      b.add(new io.jpprof.internal.profile.Sample(Stack.of(List.of(BEFORE)), new long[] {unknown}, List.of()));
    }
    if (table.dropped() > 0) {
      b.comment(table.dropped() + " thread starts not kept: more than " + MAX_STACKS + " distinct stacks");
    }
    return b.build();
  }

  @Override
  public void writeText(String name, int debug, ProfileView view, OutputStream out) throws IOException {
    out.write(CountText.write(name, view.apply(collect())));
  }
}
