package io.jpprof.internal.profile;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Deltas between consecutive scrapes of one profile, with the semantics of Grafana's godeltaprof
 * ({@code /debug/pprof/delta_heap}, {@code delta_block}, {@code delta_mutex}): each {@link #scrape}
 * returns what happened since the previous one; the first returns the whole profile (everything
 * since the process started).
 *
 * <p>As in godeltaprof, only cumulative values are subtracted. Values whose type starts with {@code
 * inuse_} ({@code inuse_objects}, {@code inuse_space} of the heap profile) describe the heap now and
 * are passed through unchanged; all others ({@code alloc_objects}, {@code alloc_space}, {@code
 * contentions}, {@code delay}) become the increase since the previous scrape of the same sample
 * (same stack and labels); a sample whose values are all zero after subtraction is left out.
 *
 * <p>One difference from godeltaprof, which drops a sample whose cumulative value went down
 * (there, a reset): jpprof's profiles accumulate for the life of the process and never reset, but
 * the heap profile moves a thread's most recent bytes between its recent stacks from one snapshot
 * to the next (docs/heap.md). Such a decrease is kept as a negative value, so that consecutive
 * scrapes add up exactly to the plain profile's growth; dropping it would count those bytes twice.
 *
 * <p>A scraper is safe for concurrent use: scrapes are serialized, and each one advances the single
 * baseline. Two clients scraping through one scraper therefore share it: each sees what happened
 * since the previous scrape by either of them, so every allocation or contention is reported
 * exactly once, to one of the two, and the sum of both series equals the total. This is
 * godeltaprof's behaviour (one profiler per path, behind a mutex); give each consumer its own path
 * (or server) if each needs the full series.
 */
public final class DeltaScraper {
  private final Predicate<ValueType> absolute;
  private ProfileData previous;
  private Map<Sample.Key, long[]> baseline = Map.of();

  /** A scraper with godeltaprof's rule: {@code inuse_*} values absolute, the others deltas. */
  public DeltaScraper() {
    this(t -> t.type().startsWith("inuse_"));
  }

  /** A scraper whose absolute (not subtracted) value types are those {@code absolute} accepts. */
  public DeltaScraper(Predicate<ValueType> absolute) {
    this.absolute = Objects.requireNonNull(absolute, "absolute");
  }

  /**
   * Takes a snapshot and returns its change since the previous scrape: {@code time_nanos} is the
   * snapshot's, {@code duration_nanos} the time since the previous scrape (the snapshot's own on
   * the first). If the sample or period types changed since the previous scrape, the whole
   * snapshot is returned, as on a first scrape.
   *
   * @throws Deltas.Failure {@code failed to collect profile} when the snapshot fails; the baseline
   *     is unchanged then
   */
  public synchronized ProfileData scrape(Supplier<ProfileData> snapshot) throws Deltas.Failure {
    ProfileData now = Deltas.collect(snapshot);
    boolean compatible =
        previous != null
            && previous.sampleTypes().equals(now.sampleTypes())
            && Objects.equals(previous.periodType(), now.periodType());
    Map<Sample.Key, long[]> base = compatible ? baseline : Map.of();
    int n = now.sampleTypes().size();
    boolean[] cumulative = new boolean[n];
    for (int i = 0; i < n; i++) {
      cumulative[i] = !absolute.test(now.sampleTypes().get(i));
    }

    SampleTable current = new SampleTable(n);
    now.samples().forEach(current::add);
    Map<Sample.Key, long[]> next = new HashMap<>();
    ProfileData.Builder out = now.toBuilder();
    for (Sample s : current.samples()) {
      long[] values = s.values();
      next.put(s.key(), values.clone());
      long[] before = base.get(s.key());
      if (before != null) {
        subtract(values, before, cumulative);
      }
      if (!allZero(values)) {
        out.add(new Sample(s.stack(), values, s.labels()));
      }
    }
    if (compatible) {
      out.durationNanos(now.timeNanos() - previous.timeNanos());
    }
    previous = now;
    baseline = next;
    return out.build();
  }

  /** values -= before on cumulative indexes. */
  private static void subtract(long[] values, long[] before, boolean[] cumulative) {
    for (int i = 0; i < values.length; i++) {
      if (cumulative[i]) {
        values[i] -= before[i];
      }
    }
  }

  private static boolean allZero(long[] values) {
    for (long v : values) {
      if (v != 0) {
        return false;
      }
    }
    return true;
  }
}
