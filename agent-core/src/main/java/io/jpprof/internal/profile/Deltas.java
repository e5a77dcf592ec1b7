package io.jpprof.internal.profile;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Delta profiles: what happened to a profile over a window of time, as Go's {@code net/http/pprof}
 * serves them for {@code ?seconds=N} ({@code serveDeltaProfile}). Written once for every profile: a snapshot, a
 * wait, a second snapshot, and the first subtracted from the second with pprof's merge rules.
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
  /** How often {@link #over} calls its heartbeat while it waits. */
  public static final Duration BEAT = Duration.ofSeconds(1);

  private Deltas() {}

  /**
   * Called by {@link #over} once the first snapshot is taken and then about once a second until
   * the window ends. A heartbeat that throws ends the wait at once (the HTTP server writes a few
   * bytes here, so a client that went away ends the delta instead of letting it run on).
   */
  @FunctionalInterface
  public interface Heartbeat {
    void beat() throws IOException;
  }

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
   * Takes a snapshot, waits {@code window} (calling {@code heartbeat} meanwhile), takes another and
   * returns the second minus the first: {@code time_nanos} is the end of the window, {@code
   * duration_nanos} its length; sample types, period and {@code default_sample_type} come from the
   * snapshots. Samples whose values all cancel out are dropped.
   *
   * @throws Failure when a snapshot or the subtraction fails
   * @throws IOException what {@code heartbeat} throws
   * @throws InterruptedException when the waiting thread is interrupted
   */
  public static ProfileData over(Supplier<ProfileData> snapshot, Duration window, Heartbeat heartbeat)
      throws IOException, InterruptedException {
    ProfileData before = collect(snapshot);
    long start = Clock.nowNanos();
    long length = saturatedNanos(window);
    long started = System.nanoTime();
    heartbeat.beat();
    for (long left = length; left > 0; left = length - (System.nanoTime() - started)) {
      TimeUnit.NANOSECONDS.sleep(Math.min(left, BEAT.toNanos()));
      if (length - (System.nanoTime() - started) > 0) {
        heartbeat.beat();
      }
    }
    ProfileData after = collect(snapshot);
    long end = Clock.nowNanos();
    ProfileData delta;
    try {
      delta = ProfileData.delta(before, after);
    } catch (IllegalArgumentException e) {
      throw new Failure(Failure.COMPUTE, e);
    }
    return delta.toBuilder().addAll(delta.samples()).timeNanos(end).durationNanos(end - start).build();
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return d.isNegative() ? 0 : Long.MAX_VALUE;
    }
  }

  static ProfileData collect(Supplier<ProfileData> snapshot) throws Failure {
    try {
      return snapshot.get();
    } catch (RuntimeException e) {
      throw new Failure(Failure.COLLECT, e);
    }
  }
}
