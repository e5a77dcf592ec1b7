package io.jpprof.internal.http;

import io.jpprof.Profile;
import io.jpprof.internal.profile.ProfileSnapshots;
import io.jpprof.internal.profile.ProfileView;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;

/**
 * The delta profiles of {@code <prefix>/<name>?seconds=N} (Go's {@code serveDeltaProfile}), for every registered profile
 * whose name Go allows deltas for: {@link ProfileSnapshots#writeDelta} over N seconds. While the window
 * runs, an empty gzip member (20 bytes) is written every second, as {@code /profile} does, so a
 * client that went away is noticed and the delta ends at once; gzip readers read the concatenated
 * members as one stream and the proto as its only content.
 */
public final class ProfileDeltas implements DeltaSource {
  @Override
  public boolean supports(Profile profile) {
    return GO_DELTA_PROFILES.contains(profile.name());
  }

  @Override
  public void writeDelta(Profile profile, long seconds, ProfileView view, OutputStream out)
      throws IOException, InterruptedException {
    ProfileSnapshots.writeDelta(profile, out, Duration.ofSeconds(seconds), view, () -> Waits.beat(out));
  }
}
