package io.jpprof.internal.contention;

import io.jpprof.internal.config.ConfigValues;
import io.jpprof.internal.history.History;
import io.jpprof.internal.jfr.AlwaysOnStream;
import io.jpprof.internal.jfr.Jfr;
import io.jpprof.internal.jfr.JfrStacks;
import io.jpprof.internal.profile.Label;
import io.jpprof.internal.profile.ProfileView;
import io.jpprof.internal.profile.Stack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;

/**
 * Records waits from the always-on JFR stream into the {@code block} and {@code mutex} tables.
 *
 * <p>What is recorded is decided by two thresholds, the JVM's counterpart of Go's {@code
 * SetBlockProfileRate} and {@code SetMutexProfileFraction}: a wait enters {@code block} when it
 * lasted at least the block threshold, and {@code mutex} when it is lock contention ({@link
 * WaitKind}) and lasted at least the mutex threshold. JFR applies the smaller of the two (and the
 * smallest of every recording in the process), so each event is filtered again here. Defaults
 * ({@value #DEFAULT_THRESHOLD_MS} ms each, from docs/benchmarks.md) can be set at start-up with
 * {@code -Djpprof.block.threshold=5ms} / {@code -Djpprof.mutex.threshold=...} and changed at run time;
 * a negative threshold turns a profile off.
 *
 * <p>JFR records the stack of the thread that waited, not of the thread that held the lock (Go's
 * mutex profile shows the holder); what JFR knows of the lock is kept as internal labels that a
 * {@link ProfileView} shows on request: the lock's class, and for monitors the thread that last
 * held it.
 */
public final class ContentionRecorder {
  static final long DEFAULT_THRESHOLD_MS = 10;

  final WaitTable block = new WaitTable();
  final WaitTable mutex = new WaitTable();

  private final JfrStacks stacks = new JfrStacks();
  private final java.util.concurrent.atomic.AtomicLong eventsSeen = new java.util.concurrent.atomic.AtomicLong();
  private volatile Duration blockThreshold = fromProperty("jpprof.block.threshold");
  private volatile Duration mutexThreshold = fromProperty("jpprof.mutex.threshold");
  private static final List<String> EVENTS_RECORDED =
      List.of(WaitKind.MONITOR_ENTER, WaitKind.MONITOR_WAIT, WaitKind.THREAD_PARK);
  private boolean subscribed; // guarded by this
  private final AlwaysOnStream stream;
  private final History history;
  private final Runnable ensureStarted;

  /**
   * A recorder that subscribes to {@code stream} and keeps its events in {@code history} when
   * asked ({@link #subscribe}); {@code ensureStarted} starts jpprof's collectors when nothing holds
   * them.
   */
  public ContentionRecorder(AlwaysOnStream stream, History history, Runnable ensureStarted) {
    this.stream = stream;
    this.history = history;
    this.ensureStarted = ensureStarted;
  }

  /**
   * Makes sure the wait events are recorded: starts jpprof's collectors unless a lease holds them
   * already.
   *
   * @throws io.jpprof.internal.jfr.JfrUnavailableException on a runtime without JFR
   */
  public void start() {
    Jfr.requireAvailable();
    ensureStarted.run();
  }

  /** Called when the collectors start: subscribes the wait events to the always-on stream, once. */
  public synchronized void subscribe() {
    if (!subscribed) {
      subscribed = true;
      for (String event : EVENTS_RECORDED) {
        stream.subscribe(event, settings(), this::accept);
        history.enable(event, settings());
      }
    }
  }

  /** The block threshold (negative: off). */
  public Duration blockThreshold() {
    return blockThreshold;
  }

  /** The mutex threshold (negative: off). */
  public Duration mutexThreshold() {
    return mutexThreshold;
  }

  /** Sets the block threshold and returns the previous one. */
  public synchronized Duration setBlockThreshold(Duration threshold) {
    Duration previous = blockThreshold;
    blockThreshold = threshold;
    reconfigure();
    return previous;
  }

  /** Sets the mutex threshold and returns the previous one. */
  public synchronized Duration setMutexThreshold(Duration threshold) {
    Duration previous = mutexThreshold;
    mutexThreshold = threshold;
    reconfigure();
    return previous;
  }

  /** Applies the thresholds to the subscriptions: new settings, the same handler (none added). */
  private void reconfigure() {
    if (subscribed) {
      for (String event : EVENTS_RECORDED) {
        stream.subscribe(event, settings(), null);
        history.enable(event, settings());
      }
    }
  }

  /** JFR settings: stacks on, the smaller threshold of the two profiles that are on. */
  private Map<String, String> settings() {
    Duration b = blockThreshold;
    Duration m = mutexThreshold;
    boolean off = b.isNegative() && m.isNegative();
    Duration min = b.isNegative() ? m : m.isNegative() ? b : (b.compareTo(m) < 0 ? b : m);
    return off
        ? Map.of("enabled", "false")
        : Map.of("enabled", "true", "stackTrace", "true", "threshold", min.toNanos() + " ns");
  }

  /** How many wait events JFR has delivered (for the overhead benchmark's event rate). */
  public long eventsSeen() {
    return eventsSeen.get();
  }

  void accept(RecordedEvent e) {
    eventsSeen.incrementAndGet();
    record(e, stacks, block, mutex);
  }

  /** The wait events recorded, for {@link History}'s reader. */
  static List<String> events() {
    return EVENTS_RECORDED;
  }

  /**
   * Adds one wait event to {@code block} and {@code mutex} (either may be null) as the thresholds
   * decide; {@code stacks} is locked while it converts the stack.
   */
  void record(RecordedEvent e, JfrStacks stacks, WaitTable block, WaitTable mutex) {
    Duration waited = e.getDuration();
    String event = e.getEventType().getName();
    String lockClass = className(e, event.equals(WaitKind.THREAD_PARK) ? "parkedClass" : "monitorClass");
    WaitKind kind = WaitKind.of(event, lockClass);
    boolean inBlock = block != null && !blockThreshold.isNegative() && waited.compareTo(blockThreshold) >= 0;
    boolean inMutex = mutex != null && kind == WaitKind.LOCK && !mutexThreshold.isNegative()
        && waited.compareTo(mutexThreshold) >= 0;
    if (!inBlock && !inMutex) {
      return;
    }
    List<Label> labels = new ArrayList<>(2);
    if (lockClass != null) {
      labels.add(Label.of(ProfileView.LOCK_CLASS, lockClass));
    }
    if (event.equals(WaitKind.MONITOR_ENTER) && e.hasField("previousOwner")) {
      RecordedThread owner = e.getThread("previousOwner");
      if (owner != null && owner.getJavaName() != null) {
        labels.add(Label.of(ProfileView.PREVIOUS_OWNER, owner.getJavaName()));
      }
    }
    Stack stack;
    synchronized (stacks) {
      stack = stacks.of(e.getStackTrace());
    }
    if (inBlock) {
      block.add(stack, labels, waited.toNanos());
    }
    if (inMutex) {
      mutex.add(stack, labels, waited.toNanos());
    }
  }

  private static String className(RecordedEvent e, String field) {
    if (!e.hasField(field)) {
      return null;
    }
    RecordedClass c = e.getClass(field);
    return c == null ? null : c.getName();
  }

  private static Duration fromProperty(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      return Duration.ofMillis(DEFAULT_THRESHOLD_MS);
    }
    try {
      return ConfigValues.duration(value);
    } catch (IllegalArgumentException e) {
      org.slf4j.LoggerFactory.getLogger(ContentionRecorder.class)
          .warn("jpprof: ignoring {}={} (use e.g. 10ms, 500us, -1 for off)", name, value);
      return Duration.ofMillis(DEFAULT_THRESHOLD_MS);
    }
  }
}
