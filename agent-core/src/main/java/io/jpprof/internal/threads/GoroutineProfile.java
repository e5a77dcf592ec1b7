package io.jpprof.internal.threads;

import io.jpprof.internal.labels.LabelScopes;
import io.jpprof.internal.labels.LabelSet;
import io.jpprof.internal.profile.Frame;
import io.jpprof.internal.profile.Label;
import io.jpprof.internal.profile.ProfileData;
import io.jpprof.internal.profile.ProfileSource;
import io.jpprof.internal.profile.ProfileView;
import io.jpprof.internal.profile.SampleTable;
import io.jpprof.internal.profile.Stack;
import io.jpprof.internal.text.CountText;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code goroutine} profile: the JVM's threads.
 *
 * <ul>
 *   <li>{@code debug=0}: {@code goroutine/count}, one sample per distinct (stack, labels), each
 *       labelled {@code state=<Thread.State>} (and {@code virtual=true} for virtual threads), so
 *       {@code -tagfocus=state=BLOCKED} works, plus the thread's profiler labels ({@link
 *       io.jpprof.Profile#doWithLabels});
 *   <li>{@code debug=1}: Go's {@code goroutine profile: total N} text, the labels on Go's {@code #
 *       labels: {"route":"/checkout", "state":"RUNNABLE"}} line;
 *   <li>{@code debug>=2}: every thread in the JVM's own thread-dump form ({@link ThreadDumpText}).
 * </ul>
 */
public final class GoroutineProfile implements ProfileSource {
  /** The frame standing in for virtual threads that were counted but not dumped. */
  static final Frame OMITTED =
      Frame.of("io.jpprof.internal.threads.VirtualThreadDump", "omittedVirtualThreads", null, 0);

  /**
   * The frame of threads that have no Java frames (the JVM's own threads, such as Signal
   * Dispatcher): Go's count-text parser rejects a record without addresses.
   */
  static final Frame NO_JAVA_FRAMES = Frame.of("", "[no Java frames]", null, 0);

  private final VirtualThreadDump virtualThreads;
  /** How long each thread has been in its state and stack, across this profile's dumps. */
  private final StateClock clock = new StateClock();

  public GoroutineProfile() {
    this(VirtualThreadDump.fromSystemProperties());
  }

  GoroutineProfile(VirtualThreadDump virtualThreads) {
    this.virtualThreads = virtualThreads;
  }

  /**
   * The number of live platform threads ({@code ThreadMXBean.getThreadCount()}, a few
   * microseconds). Virtual threads are not in this count: the JVM has no cheap figure for them, and
   * listing them takes the JSON thread dump (about 20 µs per thread), too much for every index
   * page. The profile itself ({@link #collect()}, {@link #writeText}) has them.
   */
  @Override
  public int count() {
    return java.lang.management.ManagementFactory.getThreadMXBean().getThreadCount();
  }

  @Override
  public ProfileData collect() {
    return toProfile(ThreadSnapshot.take(false, virtualThreads, clock));
  }

  @Override
  public void writeText(String name, int debug, ProfileView view, OutputStream out) throws IOException {
    if (debug >= 2) {
      Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
      ThreadDumpText.write(ThreadSnapshot.take(true, virtualThreads, clock), w);
      w.flush();
    } else {
      out.write(CountText.write(name, view.apply(collect())));
    }
  }

  static ProfileData toProfile(ThreadSnapshot snapshot) {
    SampleTable table = new SampleTable(1);
    Map<Long, LabelSet> profilerLabels = LabelScopes.byThread();
    for (ThreadRecord t : snapshot.threads()) {
      List<Label> labels = new ArrayList<>(2);
      labels.add(Label.of("state", t.state()));
      if (t.virtual()) {
        labels.add(Label.of("virtual", "true"));
      }
      addProfilerLabels(labels, profilerLabels.get(t.id()));
      table.add(t.stack().isEmpty() ? Stack.of(List.of(NO_JAVA_FRAMES)) : t.stack(), labels, 1);
    }
    if (snapshot.omittedVirtual() > 0) {
      table.add(
          Stack.of(List.of(OMITTED)), List.of(Label.of("virtual", "true")), snapshot.omittedVirtual());
    }
    ProfileData.Builder b =
        ProfileData.countProfile("goroutine").timeNanos(snapshot.timeNanos()).addAll(table.samples());
    snapshot.notes().forEach(b::comment);
    return b.build();
  }

  /**
   * Adds a thread's profiler labels ({@link io.jpprof.Profile#doWithLabels}) after jpprof's own;
   * one named {@code state} or {@code virtual} is left out, jpprof's label keeping the key.
   */
  private static void addProfilerLabels(List<Label> labels, LabelSet profilerLabels) {
    if (profilerLabels == null) {
      return;
    }
    for (Label l : profilerLabels.pprofLabels()) {
      if (!l.key().equals("state") && !l.key().equals("virtual")) {
        labels.add(l);
      }
    }
  }
}
