package io.jpprof.http;

import io.jpprof.internal.http.DeltaSource;

import io.jpprof.Profile;
import java.io.IOException;
import java.io.OutputStream;

/** A {@link DeltaSource} for tests: supports every profile and writes what {@code body} writes. */
final class FakeDeltas {
  interface Body {
    void write(Profile profile, long seconds, OutputStream out) throws IOException, InterruptedException;
  }

  private FakeDeltas() {}

  static DeltaSource writing(Body body) {
    return new DeltaSource() {
      @Override
      public boolean supports(Profile profile) {
        return true;
      }

      @Override
      public void writeDelta(Profile profile, long seconds, io.jpprof.internal.profile.ProfileView view, OutputStream out)
          throws IOException, InterruptedException {
        body.write(profile, seconds, out);
      }
    };
  }
}
