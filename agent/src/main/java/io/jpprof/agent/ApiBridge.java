package io.jpprof.agent;

import io.jpprof.Profile;
import io.jpprof.internal.agentlink.AgentLink;
import io.jpprof.internal.labels.LabelScopes;
import io.jpprof.internal.labels.LabelSet;
import java.time.Duration;

/**
 * Where an application's own jpprof (jpprof-agent-core on its class path or in a fat jar) hands
 * its labels, custom profiles and settings to the agent, so the agent's profiles show them. Called
 * by jpprof itself, never by application code; it takes and returns JDK types only, because the
 * two sides are different copies of jpprof (the agent's is relocated under {@code
 * io.jpprof.agent.shaded}).
 *
 * <p>An application's copy links only while the agent is loaded as an agent and speaks the same
 * protocol (the same jpprof version); otherwise {@link #connect} logs one WARN line and the
 * application's calls stay in its own copy.
 */
public final class ApiBridge {
  private ApiBridge() {}

  /**
   * Called once by each application copy of jpprof: true when it may mirror into this agent.
   * {@code linkClass} is the caller's {@code io.jpprof.internal.agentlink.AgentLink}, so the agent's own copy is
   * told apart (it finds this class too).
   */
  public static boolean connect(int protocol, String version, Class<?> linkClass) {
    if (linkClass == AgentLink.class || !Agent.loaded()) {
      return false;
    }
    if (protocol != AgentLink.PROTOCOL) {
      Agent.warnOnce("jpprof: the application's jpprof " + version + " (API protocol " + protocol
          + ") does not match this agent's " + Agent.version() + " (protocol " + AgentLink.PROTOCOL
          + "): its labels and custom profiles are not in the agent's profiles; use the same jpprof version for both");
      return false;
    }
    return true;
  }

  /** The agent's label set of these keys and values. */
  public static Object labels(String[] keyValues) {
    return LabelSet.of(keyValues);
  }

  /** The calling thread's labels become {@code labels} (from {@link #labels}). */
  public static void setLabels(Object labels) {
    LabelScopes.replace((LabelSet) labels);
  }

  public static Object newProfile(String name) {
    return Profile.newProfile(name);
  }

  /** {@code skip} counts from the application's {@code Profile.add}'s caller; this frame is one more. */
  public static void add(Object profile, Object value, int skip) {
    ((Profile) profile).add(value, skip + 1);
  }

  public static void remove(Object profile, Object value) {
    ((Profile) profile).remove(value);
  }

  public static void setBlockProfileThreshold(Duration threshold) {
    Profile.setBlockProfileThreshold(threshold);
  }

  public static void setMutexProfileThreshold(Duration threshold) {
    Profile.setMutexProfileThreshold(threshold);
  }

  public static void startRecording() {
    Profile.startRecording();
  }
}
