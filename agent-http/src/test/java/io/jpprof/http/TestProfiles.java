package io.jpprof.http;

import io.jpprof.Profile;

/** Custom profiles the tests share; the registry is process-wide, so each is created once. */
final class TestProfiles {
  /** {@code example.com/custom}, holding one value added here. */
  static final Profile CUSTOM = create("example.com/custom");

  /** A name that needs escaping in the index: colon in the first segment, quote, angle brackets. */
  static final Profile ODD_NAME = create("a:b/c'<x>&\"");

  private TestProfiles() {}

  private static Profile create(String name) {
    Profile existing = Profile.lookup(name);
    if (existing != null) {
      return existing;
    }
    Profile p = Profile.newProfile(name);
    p.add(new Object(), 0);
    return p;
  }

  /** Makes sure the static profiles exist. */
  static void register() {
    CUSTOM.name();
    ODD_NAME.name();
  }
}
