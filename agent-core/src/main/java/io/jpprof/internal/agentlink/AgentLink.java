package io.jpprof.internal.agentlink;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jpprof agent's own copy of jpprof, seen from the application's copy.
 *
 * <p>{@code jpprof-agent.jar} serves {@code /debug/pprof} from a relocated copy of jpprof, so an
 * application that depends on jpprof-agent-core has a second copy with its own thread labels and
 * profile registry. When the agent is in the JVM, this copy mirrors into the agent's what the
 * application does through the public API: each thread's labels (so the agent's CPU, wall and
 * goroutine profiles carry them), custom profiles and their values, the block and mutex thresholds
 * and {@link io.jpprof.Profile#startRecording()}. This copy keeps its own state too, so a server of
 * the application's own (a servlet, {@code Pprof.start}) serves the same labels.
 *
 * <p>The agent is found by name in the system class loader, where the JVM puts every agent jar:
 * {@code io.jpprof.agent.ApiBridge} is outside the agent's relocation, takes and returns only JDK
 * types, and links only a copy of the same {@link #PROTOCOL}. Otherwise (another jpprof version in
 * the agent, no agent, or this copy being the agent's own) nothing is mirrored and the agent logs
 * one line saying why.
 */
public final class AgentLink {
  /**
   * The bridge's methods and what they mean; a copy links to an agent of the same number only.
   * Change it when a method below changes in name, signature or meaning.
   */
  public static final int PROTOCOL = 1;

  /** The agent's bridge class; never relocated (the agent keeps io.jpprof.agent as it is). */
  private static final String BRIDGE = "io.jpprof.agent.ApiBridge";

  /** Frames between the agent's {@code Profile.add} and the application's caller of its own. */
  private static final int ADD_FRAMES = 2;

  private static final Logger log = LoggerFactory.getLogger(AgentLink.class);

  private final MethodHandle labels;
  private final MethodHandle setLabels;
  private final MethodHandle newProfile;
  private final MethodHandle add;
  private final MethodHandle remove;
  private final MethodHandle blockThreshold;
  private final MethodHandle mutexThreshold;
  private final MethodHandle startRecording;

  private AgentLink(Class<?> bridge) throws ReflectiveOperationException {
    MethodHandles.Lookup l = MethodHandles.publicLookup();
    labels = l.findStatic(bridge, "labels", MethodType.methodType(Object.class, String[].class));
    setLabels = l.findStatic(bridge, "setLabels", MethodType.methodType(void.class, Object.class));
    newProfile = l.findStatic(bridge, "newProfile", MethodType.methodType(Object.class, String.class));
    add = l.findStatic(bridge, "add", MethodType.methodType(void.class, Object.class, Object.class, int.class));
    remove = l.findStatic(bridge, "remove", MethodType.methodType(void.class, Object.class, Object.class));
    blockThreshold = l.findStatic(bridge, "setBlockProfileThreshold", MethodType.methodType(void.class, Duration.class));
    mutexThreshold = l.findStatic(bridge, "setMutexProfileThreshold", MethodType.methodType(void.class, Duration.class));
    startRecording = l.findStatic(bridge, "startRecording", MethodType.methodType(void.class));
  }

  /** The agent's copy, or null when there is none to mirror into (looked up once, at first use). */
  public static AgentLink agent() {
    return Found.AGENT;
  }

  private static final class Found {
    static final AgentLink AGENT = find();
  }

  private static AgentLink find() {
    Class<?> bridge;
    try {
      bridge = Class.forName(BRIDGE, true, ClassLoader.getSystemClassLoader());
    } catch (ClassNotFoundException | LinkageError | SecurityException e) {
      return null; // no agent: the common case
    }
    try {
      MethodHandle connect = MethodHandles.publicLookup().findStatic(bridge, "connect",
          MethodType.methodType(boolean.class, int.class, String.class, Class.class));
      if (!(boolean) connect.invokeExact(PROTOCOL, version(), (Class<?>) AgentLink.class)) {
        return null; // the agent's own copy, an agent not loaded as one, or its warning is logged
      }
      return new AgentLink(bridge);
    } catch (Throwable e) {
      log.warn("jpprof: the jpprof agent in this JVM cannot take this jpprof's labels and profiles ({}, {}): "
          + "they show in this jpprof's own profiles only; use the agent of the same version", version(), e.toString());
      return null;
    }
  }

  /** This copy's version, from its jar's manifest ({@code unknown} when run from classes). */
  public static String version() {
    String v = AgentLink.class.getPackage().getImplementationVersion();
    return v == null ? "unknown" : v;
  }

  /** The agent's label set of these keys and values ({@code key0, value0, key1, value1, …}). */
  public Object labels(String[] keyValues) {
    try {
      return (Object) this.labels.invokeExact(keyValues);
    } catch (Throwable e) {
      throw rethrow(e);
    }
  }

  /** Gives the calling thread the agent's label set {@code agentLabels} (from {@link #labels}). */
  public void setLabels(Object agentLabels) {
    try {
      setLabels.invokeExact(agentLabels);
    } catch (Throwable e) {
      throw rethrow(e);
    }
  }

  /**
   * The agent's custom profile of that name, or null when the agent already has one (another
   * application in the JVM named it first: its values stay in this copy's profile).
   */
  public Object newProfile(String name) {
    try {
      return (Object) newProfile.invokeExact(name);
    } catch (IllegalArgumentException e) {
      log.warn("jpprof: the agent already has a profile named {}: this one's values show in this jpprof's own profiles only", name);
      return null;
    } catch (Throwable e) {
      throw rethrow(e);
    }
  }

  /**
   * {@code Profile.add(value, skip)} on the agent's profile, called from this copy's {@code
   * Profile.add}: the stack begins where the application's call would begin it.
   */
  public void add(Object agentProfile, Object value, int skip) {
    try {
      add.invokeExact(agentProfile, value, Math.max(skip, 0) + ADD_FRAMES);
    } catch (Throwable e) {
      throw rethrow(e);
    }
  }

  public void remove(Object agentProfile, Object value) {
    try {
      remove.invokeExact(agentProfile, value);
    } catch (Throwable e) {
      throw rethrow(e);
    }
  }

  public void setBlockProfileThreshold(Duration threshold) {
    try {
      blockThreshold.invokeExact(threshold);
    } catch (Throwable e) {
      throw rethrow(e);
    }
  }

  public void setMutexProfileThreshold(Duration threshold) {
    try {
      mutexThreshold.invokeExact(threshold);
    } catch (Throwable e) {
      throw rethrow(e);
    }
  }

  public void startRecording() {
    try {
      startRecording.invokeExact();
    } catch (Throwable e) {
      throw rethrow(e);
    }
  }

  private static RuntimeException rethrow(Throwable e) {
    if (e instanceof RuntimeException r) {
      return r;
    }
    if (e instanceof Error err) {
      throw err;
    }
    return new IllegalStateException(e);
  }
}
