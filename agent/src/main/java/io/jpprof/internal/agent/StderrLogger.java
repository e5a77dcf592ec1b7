package io.jpprof.internal.agent;

import io.jpprof.agent.Agent;
import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * The logger of the agent jar's relocated slf4j (bound by {@link StderrProvider}): one line on
 * standard error per event, {@code 12:00:00.000 WARN [jpprof] message}. jpprof's own loggers print INFO and above, the libraries the agent bundles (Undertow,
 * XNIO) WARN and above. It writes to the stream {@link System#err} holds when the event happens, so
 * an application that redirects standard error redirects this too.
 */
final class StderrLogger extends LegacyAbstractLogger {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
  private static final long serialVersionUID = 1L;

  private final Level threshold;

  StderrLogger(String name) {
    this.name = name;
    this.threshold = isJpprof(name) ? Level.INFO : Level.WARN;
  }

  /**
   * jpprof's loggers: the agent's package and relocated jpprof (this class among it), not the other
   * relocated libraries. (No literal "io.jpprof" here: the relocation would rewrite it.)
   */
  static boolean isJpprof(String name) {
    String agent = Agent.class.getPackageName() + ".";
    return name.startsWith(agent) && (!name.startsWith(agent + "shaded.") || name.startsWith(agent + "shaded.jpprof."));
  }

  private boolean enabled(Level level) {
    return level.toInt() >= threshold.toInt();
  }

  @Override
  public boolean isTraceEnabled() {
    return enabled(Level.TRACE);
  }

  @Override
  public boolean isDebugEnabled() {
    return enabled(Level.DEBUG);
  }

  @Override
  public boolean isInfoEnabled() {
    return enabled(Level.INFO);
  }

  @Override
  public boolean isWarnEnabled() {
    return enabled(Level.WARN);
  }

  @Override
  public boolean isErrorEnabled() {
    return enabled(Level.ERROR);
  }

  @Override
  protected String getFullyQualifiedCallerName() {
    return null;
  }

  @Override
  protected void handleNormalizedLoggingCall(
      Level level, Marker marker, String pattern, Object[] arguments, Throwable throwable) {
    String message = MessageFormatter.basicArrayFormat(pattern, arguments);
    PrintStream err = System.err;
    synchronized (err) {
      err.println(LocalTime.now().format(TIME) + " " + level + " [jpprof] " + message);
      if (throwable != null) {
        throwable.printStackTrace(err);
      }
    }
  }
}
