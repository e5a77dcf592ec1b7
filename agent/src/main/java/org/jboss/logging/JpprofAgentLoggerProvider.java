package org.jboss.logging;

import java.util.Map;

/**
 * Sends the agent's bundled Undertow and XNIO logging (JBoss Logging) to the agent's slf4j, and so
 * to its standard-error logger. Without it JBoss Logging would pick the application's log4j2 or
 * java.util.logging. It lives in JBoss Logging's package because the slf4j provider it delegates
 * to is package-private there; in the agent jar both are relocated under io.jpprof.agent.shaded,
 * and found through the relocated service file.
 */
public final class JpprofAgentLoggerProvider implements LoggerProvider {
  private final LoggerProvider slf4j = new Slf4jLoggerProvider();

  @Override
  public Logger getLogger(String name) {
    return slf4j.getLogger(name);
  }

  @Override
  public void clearMdc() {
    slf4j.clearMdc();
  }

  @Override
  public Object putMdc(String key, Object value) {
    return slf4j.putMdc(key, value);
  }

  @Override
  public Object getMdc(String key) {
    return slf4j.getMdc(key);
  }

  @Override
  public void removeMdc(String key) {
    slf4j.removeMdc(key);
  }

  @Override
  public Map<String, Object> getMdcMap() {
    return slf4j.getMdcMap();
  }

  @Override
  public void clearNdc() {
    slf4j.clearNdc();
  }

  @Override
  public String getNdc() {
    return slf4j.getNdc();
  }

  @Override
  public int getNdcDepth() {
    return slf4j.getNdcDepth();
  }

  @Override
  public String popNdc() {
    return slf4j.popNdc();
  }

  @Override
  public String peekNdc() {
    return slf4j.peekNdc();
  }

  @Override
  public void pushNdc(String message) {
    slf4j.pushNdc(message);
  }

  @Override
  public void setNdcMaxDepth(int maxDepth) {
    slf4j.setNdcMaxDepth(maxDepth);
  }
}
