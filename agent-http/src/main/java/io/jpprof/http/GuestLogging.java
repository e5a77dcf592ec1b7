package io.jpprof.http;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what Undertow, XNIO and JBoss Threads log on jpprof's behalf to slf4j, leaving everything
 * else exactly as the application set it up.
 *
 * <p>These libraries log through jboss-logging, which picks one back-end per JVM (the {@code
 * org.jboss.logging.provider} property, a service file, or the first of JBoss LogManager, Log4j 2,
 * Log4j and Logback found). jpprof changes none of that: the choice belongs to the application and
 * its other libraries (Hibernate, its own Undertow). Where that choice is {@code java.util.logging}
 * (an slf4j application without Logback), their start-up lines ("starting server", "XNIO
 * version") would appear on stderr in JUL's format. So each of their JUL loggers gets a filter that
 * recognises jpprof's records (logged on a {@code jpprof-} thread, or with a jpprof frame on the
 * stack) and hands them to slf4j under the same logger name: INFO and below at DEBUG, warnings and
 * errors at their level. Every other record goes through unchanged, to the filter that was there
 * before. With any other back-end the filters see nothing.
 */
final class GuestLogging {
  /**
   * The categories of undertow-core 2.3, xnio 3.8 and jboss-threads 3.9 (their message loggers and
   * {@code Logger.getLogger} names). JUL filters are not inherited, so each is named.
   */
  static final List<String> CATEGORIES =
      List.of(
          "io.undertow", "io.undertow.accesslog", "io.undertow.client", "io.undertow.client.request",
          "io.undertow.predicate", "io.undertow.proxy", "io.undertow.request",
          "io.undertow.request.dump", "io.undertow.request.error-response", "io.undertow.request.io",
          "io.undertow.request.security", "io.undertow.server.error.file", "io.undertow.session",
          "org.xnio", "org.xnio.StreamConnection", "org.xnio.channels.framed", "org.xnio.conduits",
          "org.xnio.future", "org.xnio.listener", "org.xnio.nio", "org.xnio.nio.selector",
          "org.xnio.nio.socket", "org.xnio.nio.tcp.server", "org.xnio.nio.udp.server.channel",
          "org.xnio.option.parse", "org.xnio.safe-close", "org.xnio.worker",
          "org.jboss.threads", "org.jboss.threads.errors", "org.jboss.threads.view-executor");

  private GuestLogging() {}

  /**
   * Installs the filters where they are not yet, and returns the loggers that carry them: JUL holds
   * loggers weakly, and a collected logger would come back without its filter, so a server holds
   * them while it runs.
   */
  static synchronized List<Logger> install() {
    List<Logger> filtered = new ArrayList<>(CATEGORIES.size());
    for (String category : CATEGORIES) {
      Logger logger = Logger.getLogger(category);
      if (!(logger.getFilter() instanceof JpprofToSlf4j)) {
        logger.setFilter(new JpprofToSlf4j(logger.getFilter()));
      }
      filtered.add(logger);
    }
    return List.copyOf(filtered);
  }

  /** Whether the current record is jpprof's: logged on its thread or from inside its code. */
  static boolean loggedForJpprof() {
    if (Thread.currentThread().getName().startsWith("jpprof-")) {
      return true;
    }
    return StackWalker.getInstance()
        .walk(frames -> frames.anyMatch(f -> f.getClassName().startsWith("io.jpprof.")
            && !f.getClassName().startsWith(GuestLogging.class.getName())));
  }

  private record JpprofToSlf4j(Filter previous) implements Filter {
    private static final java.util.logging.Formatter MESSAGE = new java.util.logging.Formatter() {
      @Override
      public String format(LogRecord record) {
        return formatMessage(record);
      }
    };

    @Override
    public boolean isLoggable(LogRecord record) {
      if (!loggedForJpprof()) {
        return previous == null || previous.isLoggable(record);
      }
      org.slf4j.Logger log = LoggerFactory.getLogger(record.getLoggerName());
      int level = record.getLevel().intValue();
      if (level >= Level.SEVERE.intValue()) {
        log.error(MESSAGE.format(record), record.getThrown());
      } else if (level >= Level.WARNING.intValue()) {
        log.warn(MESSAGE.format(record), record.getThrown());
      } else if (log.isDebugEnabled()) {
        log.debug(MESSAGE.format(record), record.getThrown());
      }
      return false;
    }
  }
}
