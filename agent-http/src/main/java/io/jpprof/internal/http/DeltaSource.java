package io.jpprof.internal.http;

import io.jpprof.Profile;
import io.jpprof.internal.profile.ProfileView;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Set;

/**
 * Where delta profiles ({@code <prefix>/<name>?seconds=N}) come from: the profile's change over N
 * seconds as a gzip proto (Go's {@code serveDeltaProfile}). {@link ProfileDeltas} serves every profile Go allows deltas
 * for; {@link #NONE} supports none (every valid {@code seconds} gets Go's 400 {@code "seconds"
 * parameter is not supported for this profile type}).
 */
public interface DeltaSource {
  /** Go's {@code profileSupportsDelta}: the only profiles that can ever have a delta. */
  Set<String> GO_DELTA_PROFILES =
      Set.of("allocs", "block", "goroutine", "heap", "mutex", "threadcreate");

  /** Supports nothing yet. */
  DeltaSource NONE =
      new DeltaSource() {
        @Override
        public boolean supports(Profile profile) {
          return false;
        }

        @Override
        public void writeDelta(Profile profile, long seconds, ProfileView view, OutputStream out) {
          throw new UnsupportedOperationException("no delta profiles");
        }
      };

  /** Whether {@link #writeDelta} can serve {@code profile}. */
  boolean supports(Profile profile);

  /**
   * Snapshots {@code profile}, waits {@code seconds}, snapshots again and writes the difference
   * (gzip proto), as {@code view} shows it, to {@code out}. The response starts with the first byte written: failures before
   * it are answered with Go's 500 texts, failures after it cut the connection.
   *
   * @throws IOException when a snapshot cannot be collected (Go's 500 {@code failed to collect
   *     profile}, or the message of a {@link io.jpprof.internal.profile.Deltas.Failure}), or when writing
   *     to the client fails
   * @throws InterruptedException when the wait is cut short (Go's 500 {@code context canceled})
   */
  void writeDelta(Profile profile, long seconds, ProfileView view, OutputStream out)
      throws IOException, InterruptedException;
}
