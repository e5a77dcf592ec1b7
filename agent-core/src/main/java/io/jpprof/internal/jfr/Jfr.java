package io.jpprof.internal.jfr;

import java.util.Optional;

/**
 * Whether this runtime can record with JDK Flight Recorder. A jlink image without the {@code
 * jdk.jfr} module (or a JVM whose recorder is switched off) has no JFR: the CPU profile, the trace
 * and the always-on profiles (heap, allocs, block, mutex, threadcreate) then fail with {@link
 * JfrUnavailableException} naming the reason, while goroutine, custom profiles, cmdline and symbol
 * keep working.
 *
 * <p>This class touches no {@code jdk.jfr} type directly, so it loads on any runtime.
 */
public final class Jfr {
  /** The text when the module is missing. */
  public static final String MODULE_MISSING =
      "jpprof: JFR is not available in this runtime (module jdk.jfr missing)";

  private static final Optional<String> REASON = probe();

  private Jfr() {}

  /** Empty when JFR works here, else a sentence saying why not ({@link #MODULE_MISSING}, ...). */
  public static Optional<String> unavailableReason() {
    return REASON;
  }

  /** True when JFR works here. */
  public static boolean available() {
    return REASON.isEmpty();
  }

  /**
   * Returns normally when JFR works here.
   *
   * @throws JfrUnavailableException with {@link #unavailableReason()} otherwise
   */
  public static void requireAvailable() {
    if (REASON.isPresent()) {
      throw new JfrUnavailableException(REASON.get());
    }
  }

  private static Optional<String> probe() {
    if (ModuleLayer.boot().findModule("jdk.jfr").isEmpty()) {
      return Optional.of(MODULE_MISSING);
    }
    try {
      Object available = Class.forName("jdk.jfr.FlightRecorder").getMethod("isAvailable").invoke(null);
      if (!Boolean.TRUE.equals(available)) {
        return Optional.of("jpprof: JFR is not available in this runtime (FlightRecorder.isAvailable() is false)");
      }
      return Optional.empty();
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      return Optional.of("jpprof: JFR is not available in this runtime (" + e + ")");
    }
  }
}
