package io.jpprof.internal.profile;

import java.io.IOException;
import java.util.function.Supplier;

/**
 * Delta profiles: what happened to a profile over a window of time, as Go's {@code net/http/pprof}
 * serves them for {@code ?seconds=N} ({@code serveDeltaProfile}): the first snapshot subtracted from
 * the second with pprof's merge rules. Waiting for the window (and noticing a client that left) is
 * the HTTP contract's, as in Go, where the handler sleeps between the two snapshots.
 *
 * <p>Values may be negative: a count profile such as {@code goroutine} shows the threads that ended
 * in the window as negative counts, and the {@code inuse_*} values of {@code heap} are the change
 * of the live heap, as in Go. Cumulative values ({@code alloc_*}, {@code contentions}, {@code
 * delay}) are what happened in the window.
 *
 * <p>For deltas between consecutive scrapes (godeltaprof's {@code delta_heap} and friends), see
 * {@link DeltaScraper}.
 */
public final class Deltas {
  private Deltas() {}

  /**
   * A delta that could not be computed, with Go's message: {@code failed to collect profile} when a
   * snapshot fails, {@code failed to compute delta} when the two snapshots cannot be merged.
   */
  public static final class Failure extends IOException {
    private static final long serialVersionUID = 1L;

    /** The message Go's handler answers for this failure. */
    public static final String COLLECT = "failed to collect profile";

    /** The message Go's handler answers when merging fails. */
    public static final String COMPUTE = "failed to compute delta";

    Failure(String goMessage, Throwable cause) {
      super(goMessage, cause);
    }
  }

  /**
   * {@code after} minus {@code before}, taken at {@code startNanos} and {@code endNanos} (wall
   * clock, {@link Clock#nowNanos}): {@code time_nanos} is the end of the window, {@code
   * duration_nanos} its length; sample types, period and {@code default_sample_type} come from the
   * snapshots. Samples whose values all cancel out are dropped.
   *
   * @throws Failure {@code failed to compute delta} when the snapshots cannot be merged
   */
  public static ProfileData between(ProfileData before, long startNanos, ProfileData after, long endNanos)
      throws Failure {
    ProfileData delta;
    try {
      delta = ProfileData.delta(before, after);
    } catch (IllegalArgumentException e) {
      throw new Failure(Failure.COMPUTE, e);
    }
    return delta.toBuilder().addAll(delta.samples()).timeNanos(endNanos).durationNanos(endNanos - startNanos).build();
  }

  /** {@code snapshot}'s profile; what it throws becomes {@code failed to collect profile}. */
  public static ProfileData collect(Supplier<ProfileData> snapshot) throws Failure {
    try {
      return snapshot.get();
    } catch (RuntimeException e) {
      throw new Failure(Failure.COLLECT, e);
    }
  }
}
