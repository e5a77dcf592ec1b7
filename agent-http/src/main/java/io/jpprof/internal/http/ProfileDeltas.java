package io.jpprof.internal.http;

import io.jpprof.Profile;
import io.jpprof.internal.Collectors;
import io.jpprof.internal.profile.Deltas;
import io.jpprof.internal.profile.ProfileData;

/**
 * The snapshots of {@code <prefix>/<name>?seconds=N} for every registered profile whose name Go
 * allows deltas for: the profile's current data, from the process's registry.
 */
public final class ProfileDeltas implements DeltaSource {
  private final Collectors collectors;

  /** Deltas of the profiles {@code collectors} keep. */
  public ProfileDeltas(Collectors collectors) {
    this.collectors = collectors;
  }

  @Override
  public boolean supports(Profile profile) {
    return GO_DELTA_PROFILES.contains(profile.name());
  }

  @Override
  public ProfileData snapshot(Profile profile) throws Deltas.Failure {
    return Deltas.collect(() -> collectors.profiles().source(profile.name()).collect());
  }
}
