package io.jpprof.internal.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A profile in memory, independent of any output format: what every source produces and every
 * writer consumes (the JVM's counterpart of google/pprof's {@code profile.Profile}).
 *
 * <p>Instances are immutable; build them with {@link #builder}.
 */
public final class ProfileData {
  private final List<ValueType> sampleTypes;
  private final ValueType periodType;
  private final long period;
  private final long timeNanos;
  private final long durationNanos;
  private final List<Sample> samples;
  private final List<String> comments;
  private final String defaultSampleType;
  private final String mainBinary;

  private ProfileData(Builder b) {
    this.sampleTypes = List.copyOf(b.sampleTypes);
    this.periodType = b.periodType;
    this.period = b.period;
    this.timeNanos = b.timeNanos;
    this.durationNanos = b.durationNanos;
    this.samples = List.copyOf(b.samples);
    this.comments = List.copyOf(b.comments);
    this.defaultSampleType = b.defaultSampleType;
    this.mainBinary = b.mainBinary;
    if (sampleTypes.isEmpty()) {
      throw new IllegalArgumentException("missing sample type information");
    }
    for (Sample s : samples) {
      if (s.valueCount() != sampleTypes.size()) {
        throw new IllegalArgumentException(
            "mismatch: sample has " + s.valueCount() + " values vs. " + sampleTypes.size() + " types");
      }
    }
  }

  /** A builder for a profile with these sample types, in order. */
  public static Builder builder(ValueType... sampleTypes) {
    return new Builder(List.of(sampleTypes));
  }

  /** A builder for a count profile such as {@code goroutine}: one {@code <name>/count} value. */
  public static Builder countProfile(String name) {
    ValueType count = new ValueType(name, "count");
    return builder(count).periodType(count).period(1);
  }

  /** A builder pre-filled with everything of this profile but its samples. */
  public Builder toBuilder() {
    return new Builder(sampleTypes)
        .periodType(periodType)
        .period(period)
        .timeNanos(timeNanos)
        .durationNanos(durationNanos)
        .comments(comments)
        .defaultSampleType(defaultSampleType)
        .mainBinary(mainBinary);
  }

  public List<ValueType> sampleTypes() {
    return sampleTypes;
  }

  public ValueType periodType() {
    return periodType;
  }

  public long period() {
    return period;
  }

  /** When collection started, nanoseconds since the epoch. */
  public long timeNanos() {
    return timeNanos;
  }

  public long durationNanos() {
    return durationNanos;
  }

  public List<Sample> samples() {
    return samples;
  }

  public List<String> comments() {
    return comments;
  }

  /** The sample type pprof opens the profile on, or null for its default (the last type). */
  public String defaultSampleType() {
    return defaultSampleType;
  }

  /** Name of the "main binary" mapping: pprof's {@code File:} header and saved-file prefix. */
  public String mainBinary() {
    return mainBinary;
  }

  /** The sum of value {@code index} over all samples. */
  public long total(int index) {
    long t = 0;
    for (Sample s : samples) {
      t += s.value(index);
    }
    return t;
  }

  /** This profile with every value multiplied by {@code factor} (pprof's {@code Scale}). */
  public ProfileData scaled(long factor) {
    Builder b = toBuilder();
    for (Sample s : samples) {
      long[] v = s.values();
      for (int i = 0; i < v.length; i++) {
        v[i] *= factor;
      }
      b.add(new Sample(s.stack(), v, s.labels()));
    }
    return b.build();
  }

  /**
   * Merges profiles with pprof's rules: sample and period types must match; samples with the same
   * stack and labels are summed; samples whose values are all zero are dropped. Everything else
   * (time, duration, comments) comes from the first profile.
   *
   * @throws IllegalArgumentException with pprof's message when the profiles are incompatible
   */
  public static ProfileData merge(List<ProfileData> profiles) {
    if (profiles.isEmpty()) {
      throw new IllegalArgumentException("no profiles to merge");
    }
    ProfileData first = profiles.get(0);
    SampleTable table = new SampleTable(first.sampleTypes.size());
    for (ProfileData p : profiles) {
      first.checkCompatible(p);
      p.samples.forEach(table::add);
    }
    return first.toBuilder().addAll(table.samples()).build();
  }

  /**
   * What happened between two snapshots of the same profile: {@code after} minus {@code before},
   * merged, with the time of {@code after} and the duration between the two.
   */
  public static ProfileData delta(ProfileData before, ProfileData after) {
    ProfileData merged = merge(List.of(after, before.scaled(-1)));
    return merged.toBuilder()
        .addAll(merged.samples)
        .timeNanos(after.timeNanos)
        .durationNanos(after.timeNanos - before.timeNanos)
        .build();
  }

  private void checkCompatible(ProfileData other) {
    if (!Objects.equals(periodType, other.periodType)) {
      throw new IllegalArgumentException(
          "incompatible period types " + periodType + " and " + other.periodType);
    }
    if (!sampleTypes.equals(other.sampleTypes)) {
      throw new IllegalArgumentException(
          "incompatible sample types " + sampleTypes + " and " + other.sampleTypes);
    }
  }

  /** Builds a {@link ProfileData}. */
  public static final class Builder {
    private final List<ValueType> sampleTypes;
    private ValueType periodType;
    private long period;
    private long timeNanos = Clock.nowNanos();
    private long durationNanos;
    private final List<Sample> samples = new ArrayList<>();
    private final List<String> comments = new ArrayList<>();
    private String defaultSampleType;
    private String mainBinary = Application.name();

    private Builder(List<ValueType> sampleTypes) {
      this.sampleTypes = sampleTypes;
    }

    public Builder periodType(ValueType periodType) {
      this.periodType = periodType;
      return this;
    }

    public Builder period(long period) {
      this.period = period;
      return this;
    }

    public Builder timeNanos(long timeNanos) {
      this.timeNanos = timeNanos;
      return this;
    }

    public Builder durationNanos(long durationNanos) {
      this.durationNanos = durationNanos;
      return this;
    }

    public Builder add(Sample sample) {
      samples.add(sample);
      return this;
    }

    public Builder addAll(List<Sample> more) {
      samples.addAll(more);
      return this;
    }

    public Builder comment(String comment) {
      comments.add(comment);
      return this;
    }

    Builder comments(List<String> all) {
      comments.addAll(all);
      return this;
    }

    public Builder defaultSampleType(String type) {
      this.defaultSampleType = type;
      return this;
    }

    public Builder mainBinary(String name) {
      this.mainBinary = name;
      return this;
    }

    public ProfileData build() {
      return new ProfileData(this);
    }
  }
}
