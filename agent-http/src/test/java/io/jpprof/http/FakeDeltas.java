package io.jpprof.http;

import io.jpprof.Profile;
import io.jpprof.internal.http.DeltaSource;
import io.jpprof.internal.profile.ProfileData;
import java.io.IOException;

/** A {@link DeltaSource} for tests: supports every profile; its snapshots are {@code snapshots}'. */
final class FakeDeltas {
  interface Snapshots {
    ProfileData take(Profile profile) throws IOException, InterruptedException;
  }

  private FakeDeltas() {}

  static DeltaSource of(Snapshots snapshots) {
    return new DeltaSource() {
      @Override
      public boolean supports(Profile profile) {
        return true;
      }

      @Override
      public ProfileData snapshot(Profile profile) throws IOException, InterruptedException {
        return snapshots.take(profile);
      }
    };
  }
}
