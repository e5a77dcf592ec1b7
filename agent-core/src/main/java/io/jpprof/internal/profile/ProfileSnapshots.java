package io.jpprof.internal.profile;

import io.jpprof.Profile;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.function.Function;

/**
 * The internal view of a public {@link Profile}: its current data, for the delta and scrape paths
 * of the HTTP contract, which are not part of Go's API and so not on {@code Profile}. {@code Profile}
 * installs the accessor when it is loaded.
 */
public final class ProfileSnapshots {
  private static volatile Function<Profile, ProfileData> snapshot;

  private ProfileSnapshots() {}

  /** Called once, by {@code Profile}'s static initializer. */
  public static void install(Function<Profile, ProfileData> accessor) {
    snapshot = accessor;
  }

  /** The profile's current data. */
  public static ProfileData of(Profile profile) {
    Profile.profiles(); // loads Profile, which installs the accessor
    return snapshot.apply(profile);
  }

  /**
   * Writes the profile's change over the next {@code window} as a gzip-compressed protocol buffer,
   * the delta profile Go's {@code net/http/pprof} serves for {@code ?seconds=N} (see {@link
   * Deltas#over}). {@code heartbeat} is called once the first snapshot is taken and about once a
   * second after; nothing is written to {@code out} before the window ends.
   *
   * @throws Deltas.Failure with Go's message when a snapshot or the subtraction fails
   */
  public static void writeDelta(
      Profile profile, OutputStream out, Duration window, Deltas.Heartbeat heartbeat)
      throws IOException, InterruptedException {
    ProtoWriter.write(Deltas.over(() -> of(profile), window, heartbeat), out);
  }

  /**
   * Writes what happened in the profile since the previous call with the same {@code scraper}:
   * godeltaprof's scrape delta (see {@link DeltaScraper}).
   */
  public static void writeScrapeDelta(Profile profile, OutputStream out, DeltaScraper scraper)
      throws IOException {
    ProtoWriter.write(scraper.scrape(() -> of(profile)), out);
  }
}
