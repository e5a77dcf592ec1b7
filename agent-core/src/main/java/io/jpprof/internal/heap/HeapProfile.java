package io.jpprof.internal.heap;

import io.jpprof.internal.profile.Frame;
import io.jpprof.internal.profile.Label;
import io.jpprof.internal.profile.ProfileData;
import io.jpprof.internal.profile.ProfileSource;
import io.jpprof.internal.profile.ProfileView;
import io.jpprof.internal.profile.Sample;
import io.jpprof.internal.profile.SampleTable;
import io.jpprof.internal.profile.Stack;
import io.jpprof.internal.profile.ValueType;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code heap} and {@code allocs} profiles (one source, two names, as in Go): four sample types
 * in Go's order, {@code alloc_objects/count}, {@code alloc_space/bytes}, {@code
 * inuse_objects/count}, {@code inuse_space/bytes}, period type {@code space/bytes}; {@code allocs}
 * opens on {@code alloc_space}, {@code heap} on pprof's default, {@code inuse_space}. Samples carry
 * the allocated class as an internal label, shown as a leaf frame on request ({@link ProfileView}).
 *
 * <ul>
 *   <li>{@code alloc_space}: Σ{@code weight} of the {@code jdk.ObjectAllocationSample} events per
 *       (stack, class) since sampling started. Per thread the weights add up to what the thread
 *       allocated, so totals are accurate; the split between sites is a sample.
 *   <li>{@code alloc_objects}: {@code alloc_space} ÷ the class's estimated object size ({@link
 *       ObjectSizes}); the event has no size.
 *   <li>{@code inuse_space}, {@code inuse_objects}: the live old-object samples ({@link
 *       OldObjectSnapshot}), each standing for an equal share of the heap in use after the last GC;
 *       after {@link HeapProfiles#gc()}, each class's exact live bytes and count spread over that
 *       class's samples instead, with {@code [unattributed] <class>} for classes without one.
 * </ul>
 *
 * Each profile says in its comments how its numbers were estimated.
 */
public final class HeapProfile implements ProfileSource {
  static final List<ValueType> TYPES = List.of(
      new ValueType("alloc_objects", "count"),
      new ValueType("alloc_space", "bytes"),
      new ValueType("inuse_objects", "count"),
      new ValueType("inuse_space", "bytes"));

  private final HeapProfiles heap;
  private final boolean allocs;

  /** {@code heap}'s data as the heap profile, or as allocs (opened on {@code alloc_space}). */
  HeapProfile(HeapProfiles heap, boolean allocs) {
    this.heap = heap;
    this.allocs = allocs;
  }

  @Override
  public int count() {
    heap.startSampling();
    return heap.allocations.records();
  }

  @Override
  public ProfileData collect() {
    heap.startSampling();
    // the gc=1 histogram is taken as current if it was when the profile began: reading the samples
    // can wait seconds for the allocation events, and a ZGC cycle in that time made gc=1 an estimate
    ClassHistogram histogram = heap.currentHistogram();
    List<LiveSamples.Weighted> weighted = heap.liveRefresh.snapshot();

    SampleTable table = new SampleTable(4);
    AllocationSampler a = heap.allocations;
    for (Sample s : a.samples()) {
      table.add(s.stack(), s.labels(), s.value(2), s.value(0), 0, 0);
    }
    String inuseComment =
        histogram != null ? addExact(table, weighted, histogram) : addScaled(table, weighted);

    long events = a.events();
    ProfileData.Builder b = ProfileData.builder(TYPES.toArray(ValueType[]::new))
        .periodType(new ValueType("space", "bytes"))
        .period(events == 0 ? 0 : a.weight() / events)
        .addAll(table.samples())
        .comment("alloc_space: sum of jdk.ObjectAllocationSample weights (throttle " + HeapProfiles.THROTTLE
            + ", " + events + " events) per allocation stack since sampling started; period = mean bytes"
            + " per event. The total is accurate; the split between sites is a sample (about ±10 points).")
        .comment("alloc_objects: alloc_space / estimated object size of the class (last gc=1 class"
            + " histogram, else old-object sample sizes, else " + ObjectSizes.DEFAULT_INSTANCE
            + " B per instance, " + ObjectSizes.DEFAULT_ARRAY + " B per array).")
        .comment(inuseComment)
        .comment("inuse limits: at most old-object-queue-size samples (default 256; raise with"
            + " -XX:FlightRecorderOptions:old-object-queue-size=1024), none before the first GC, biased"
            + " to large long-lived objects; small objects often have no sample.");
    if (a.dropped() > 0) {
      b.comment("allocation table full: " + a.dropped() + " events of new stacks counted under "
          + AllocationSampler.OVERFLOW.methodName());
    }
    if (allocs) {
      b.defaultSampleType("alloc_space");
    }
    return b.build();
  }

  @Override
  public void writeText(String name, int debug, ProfileView view, OutputStream out) throws IOException {
    out.write(HeapText.write(view.apply(collect()), JvmStats.lines(heap)));
  }

  /**
   * Without a histogram: each live sample's fixed weight ({@link LiveSamples}), and what the samples
   * do not explain of the live heap ({@link Unexplained}) under {@code [unattributed] heap}. Weights
   * are never rescaled, and the unexplained part does not grow with garbage promoted between
   * markings: a site whose objects did not change keeps its bytes between profiles.
   */
  private String addScaled(SampleTable table, List<LiveSamples.Weighted> weighted) {
    LiveSamples s = heap.liveWeights;
    long attributed = 0;
    long objects = 0;
    for (LiveSamples.Weighted w : weighted) {
      long bytes = Math.round(w.bytes());
      long count = Math.max(1, Math.round(w.objects()));
      attributed += bytes;
      objects += count;
      table.add(w.stack(), classLabel(w.className()), 0, 0, count, bytes);
    }
    long rest = s.unexplainedBytes();
    s.anchorUnexplained();
    String source;
    if (rest < 0) {
      long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      rest = Math.max(0, used - attributed);
      source = "no GC seen yet: the heap in use now (" + used + " bytes, garbage included) less the samples";
    } else {
      source = s.describeUnexplained();
    }
    if (rest > 0) {
      // pprof's legacy text parser rejects bytes without objects: the samples' mean object size
      long mean = objects > 0 ? Math.max(1, attributed / objects) : ObjectSizes.DEFAULT_ARRAY;
      table.add(unattributed("heap"), List.of(), 0, 0, Math.max(1, rest / mean), rest);
    }
    return "inuse_space: " + (attributed + rest) + " bytes: " + attributed + " in " + weighted.size()
        + " jdk.OldObjectSample samples (" + s.lastSeen() + " in the JVM's set of " + s.queueSize()
        + ", the rest remembered at " + s.remembered() + " sites after the JVM let them go; set read after GCs "
        + heap.liveRefresh.refreshes() + " times, sampler restarted " + heap.liveRecording.rotations() + " times), each"
        + " weighing the bytes its thread allocated per sampling chance when it was allocated ("
        + heap.tlabs.events() + " jdk.ObjectAllocationInNewTLAB/OutsideTLAB events so far), fixed once"
        + " the events of its time have arrived; " + rest + " bytes no sample explains under [unattributed] heap: "
        + source + ". " + heap.gcs.live().describe() + ". inuse_objects: bytes / object size. ?gc=1 makes it"
        + " exact per class.";
  }

  /**
   * With a current histogram: each class's exact bytes and count spread over that class's weighted
   * samples and remembered sites, in proportion to their bytes.
   */
  private static String addExact(
      SampleTable table, List<LiveSamples.Weighted> weighted, ClassHistogram histogram) {
    Map<String, List<LiveSamples.Weighted>> byClass = new LinkedHashMap<>();
    for (LiveSamples.Weighted w : weighted) {
      byClass.computeIfAbsent(w.className(), k -> new ArrayList<>()).add(w);
    }
    long unattributed = 0;
    for (Map.Entry<String, ClassHistogram.Entry> e : histogram.classes().entrySet()) {
      ClassHistogram.Entry h = e.getValue();
      List<LiveSamples.Weighted> samples = byClass.get(e.getKey());
      double sum = 0;
      for (LiveSamples.Weighted w : samples == null ? List.<LiveSamples.Weighted>of() : samples) {
        sum += w.bytes();
      }
      if (sum <= 0) {
        table.add(unattributed(ProfileView.javaName(e.getKey())), classLabel(e.getKey()), 0, 0, h.instances(), h.bytes());
        unattributed += h.bytes();
        continue;
      }
      for (LiveSamples.Weighted w : samples) {
        double share = w.bytes() / sum;
        table.add(w.stack(), classLabel(e.getKey()), 0, 0,
            Math.round(h.instances() * share), Math.round(h.bytes() * share));
      }
    }
    return "inuse_space, inuse_objects: exact live bytes and instances per class from GC.class_histogram"
        + " (full GC at gc=1), spread over that class's jdk.OldObjectSample samples and remembered sites ("
        + weighted.size() + " in all) by their estimated bytes; " + unattributed
        + " bytes of classes without a sample are under [unattributed] <class>.";
  }

  static Stack unattributed(String what) {
    return Stack.of(List.of(Frame.of("", "[unattributed] " + what, null, 0)));
  }

  private static List<Label> classLabel(String cls) {
    return List.of(Label.of(AllocationSampler.CLASS_LABEL, cls));
  }
}
