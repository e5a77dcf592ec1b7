package io.jpprof.internal.profile;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Where a named profile's data comes from. One small class per source; each knows the JVM (or the
 * application's own table) and nothing about output formats beyond choosing its text form.
 */
public interface ProfileSource {
  /** Go's {@code Profile.Count()}: the number shown on the index page. */
  int count();

  /** A snapshot of the profile now (what {@code debug=0} encodes and deltas subtract). */
  ProfileData collect();

  /**
   * Writes the legacy text form for a non-zero {@code debug} as {@code view} shows it, UTF-8; does
   * not close {@code out}.
   */
  void writeText(String name, int debug, ProfileView view, OutputStream out) throws IOException;

  /**
   * Go's {@code Profile.WriteTo} as {@code view} shows the profile: the protobuf for {@code debug=0},
   * else the text form; does not close {@code out}.
   */
  default void write(String name, OutputStream out, int debug, ProfileView view) throws IOException {
    if (debug == 0) {
      ProtoWriter.write(view.apply(collect()), out);
    } else {
      writeText(name, debug, view, out);
      out.flush();
    }
  }
}
