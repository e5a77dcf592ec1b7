package io.jpprof.internal.http;

import java.util.Set;

/**
 * Whether this runtime has JFR (the {@code jdk.jfr} module): a jlink image or {@code
 * --limit-modules} can leave it out. Without it the JFR-backed endpoints answer 501 with {@link
 * #MISSING} instead of an empty profile, and the index page says so; cmdline, symbol and goroutine
 * keep working. Whether JFR works is the core's answer ({@link io.jpprof.internal.jfr.Jfr}).
 */
final class Jfr {
  /** The named profiles whose data comes from JFR. */
  static final Set<String> PROFILES = Set.of("heap", "allocs", "block", "mutex", "threadcreate");

  private Jfr() {}

  static boolean available() {
    return io.jpprof.internal.jfr.Jfr.available();
  }

  /** Why there is no JFR here (the core's sentence), for the 501 and the index page. */
  static String missing() {
    return io.jpprof.internal.jfr.Jfr.unavailableReason().orElse(io.jpprof.internal.jfr.Jfr.MODULE_MISSING);
  }

  /** Whether {@code t} (or a cause) is a missing JFR class. */
  static boolean isMissing(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if ((c instanceof NoClassDefFoundError || c instanceof ClassNotFoundException)
          && String.valueOf(c.getMessage()).replace('.', '/').contains("jdk/jfr")) {
        return true;
      }
    }
    return false;
  }
}
