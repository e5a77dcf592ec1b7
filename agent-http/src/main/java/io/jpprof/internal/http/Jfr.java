package io.jpprof.internal.http;

import java.util.Set;

/**
 * Whether this runtime has JFR (the {@code jdk.jfr} module): a jlink image or {@code
 * --limit-modules} can leave it out. Without it the JFR-backed endpoints answer 501 with {@link
 * #MISSING} instead of an empty profile, and the index page says so; cmdline, symbol and goroutine
 * keep working.
 */
final class Jfr {
  static final String MISSING = "jpprof: JFR is not available in this runtime (module jdk.jfr missing)";

  /** The named profiles whose data comes from JFR. */
  static final Set<String> PROFILES = Set.of("heap", "allocs", "block", "mutex", "threadcreate");

  private static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.jfr").isPresent()
      || Jfr.class.getClassLoader() != null && loadable();

  private Jfr() {}

  static boolean available() {
    return AVAILABLE;
  }

  private static boolean loadable() {
    try {
      Class.forName("jdk.jfr.Recording", false, Jfr.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
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
