package io.jpprof.internal.http;

import io.jpprof.Profile;
import io.jpprof.internal.profile.ProfileData;
import java.io.IOException;
import java.util.Set;

/**
 * Where delta profiles ({@code <prefix>/<name>?seconds=N}, Go's {@code serveDeltaProfile}) take
 * their snapshots. {@link ProfileDeltas} serves every profile Go allows deltas for; {@link #NONE}
 * supports none (every valid {@code seconds} gets Go's 400 {@code "seconds" parameter is not
 * supported for this profile type}).
 */
public interface DeltaSource {
  /** Go's {@code profileSupportsDelta}: the only profiles that can ever have a delta. */
  Set<String> GO_DELTA_PROFILES =
      Set.of("allocs", "block", "goroutine", "heap", "mutex", "threadcreate");

  /** Supports nothing. */
  DeltaSource NONE =
      new DeltaSource() {
        @Override
        public boolean supports(Profile profile) {
          return false;
        }

        @Override
        public ProfileData snapshot(Profile profile) {
          throw new UnsupportedOperationException("no delta profiles");
        }
      };

  /** Whether {@link #snapshot} can serve {@code profile}. */
  boolean supports(Profile profile);

  /**
   * The profile's data now, one end of a delta's window.
   *
   * @throws IOException when it cannot be collected (Go's 500 {@code failed to collect profile},
   *     or the message of a {@link io.jpprof.internal.profile.Deltas.Failure})
   * @throws InterruptedException when collecting is cut short (Go's 500 {@code context canceled})
   */
  ProfileData snapshot(Profile profile) throws IOException, InterruptedException;
}
