package io.jpprof.internal.jfr;

/**
 * Whether the JVM has begun to exit. JFR stops its recorder in a shutdown hook of its own; a
 * recording started after that (a GC notification arriving during exit) can block in the JVM while
 * holding JFR's recorder lock, and then jpprof's own hook, which closes its stream under that lock,
 * keeps the JVM from exiting. So nothing of jpprof's starts a recording once this says so.
 */
public final class JvmShutdown {
  private JvmShutdown() {}

  /** True once shutdown hooks run: the JDK refuses new hooks from then on, and says so. */
  public static boolean inProgress() {
    Thread probe = new Thread(() -> {}, "jpprof-shutdown-probe");
    try {
      Runtime.getRuntime().addShutdownHook(probe);
      Runtime.getRuntime().removeShutdownHook(probe);
      return false;
    } catch (IllegalStateException e) {
      return true;
    }
  }
}
