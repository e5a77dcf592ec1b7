package io.jpprof.internal.profile;

import io.jpprof.Profile;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Function;

/**
 * The internal view of a public {@link Profile}: its current data, for the delta and scrape paths
 * of the HTTP contract, which are not part of Go's API and so not on {@code Profile}. {@code Profile}
 * installs the accessor when it is loaded.
 */
public final class ProfileSnapshots {
  private static volatile Function<Profile, ProfileData> snapshot;
  private static volatile Writer writer;

  /** {@code Profile.writeTo} with a view. */
  public interface Writer {
    void write(Profile profile, OutputStream out, int debug, ProfileView view) throws IOException;
  }

  private ProfileSnapshots() {}

  /** Called once, by {@code Profile}'s static initializer. */
  public static void install(Function<Profile, ProfileData> accessor, Writer write) {
    snapshot = accessor;
    writer = write;
  }

  /** The profile's current data. */
  public static ProfileData of(Profile profile) {
    Profile.profiles(); // loads Profile, which installs the accessor
    return snapshot.apply(profile);
  }

  /** {@link Profile#writeTo} as {@code view} shows the profile. */
  public static void writeTo(Profile profile, OutputStream out, int debug, ProfileView view) throws IOException {
    Profile.profiles(); // loads Profile, which installs the accessor
    writer.write(profile, out, debug, view);
  }

  /**
   * Writes what happened in the profile since the previous call with the same {@code scraper}:
   * godeltaprof's scrape delta (see {@link DeltaScraper}), as {@code view} shows it. The scraper's
   * baseline is the profile as recorded, so scrapes with different views share it.
   */
  public static void writeScrapeDelta(Profile profile, OutputStream out, DeltaScraper scraper, ProfileView view)
      throws IOException {
    ProtoWriter.write(view.apply(scraper.scrape(() -> of(profile))), out);
  }
}
