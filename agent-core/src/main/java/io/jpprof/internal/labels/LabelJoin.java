package io.jpprof.internal.labels;

import io.jpprof.internal.profile.Label;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import jdk.jfr.FlightRecorder;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which labels each thread had at each moment of a JFR stream: the reader's side of {@link
 * LabelEvent}.
 *
 * <p>Every label change is a JFR event in the same stream as the CPU samples, timestamped by the
 * same JFR clock, and the stream delivers events in time order. So handling them in order, a
 * sample finds its thread's labels exactly as they were at the sample's tick: the join is exact up
 * to the few nanoseconds between a scope's entry (or exit) and its event's timestamp. Scopes that
 * were open when the profile began come from a snapshot taken at a marker event; scopes still open
 * when it ends simply have had no exit event yet, so their samples carry their labels.
 *
 * <p>Used by the stream's thread only (not thread-safe).
 */
public final class LabelJoin {
  private static final Logger log = LoggerFactory.getLogger(LabelJoin.class);
  private static final int MAX_DECODED = 10_000;

  /** Tells this join's snapshot marker from another's (another stream's, another jpprof copy's). */
  private final long id = ThreadLocalRandom.current().nextLong();
  private final Map<Long, List<Label>> current = new HashMap<>();
  private final Map<String, List<Label>> decoded = new HashMap<>();
  private volatile Map<Long, List<Label>> snapshot = Map.of();
  /** Set by {@link #stop}: the changes after it were not seen, so what is known is stale. */
  private volatile boolean stale;
  private boolean started;

  private LabelJoin() {}

  /**
   * Enables label events in {@code stream} (before it starts) and handles them in order with its
   * other events.
   */
  public static LabelJoin attach(RecordingStream stream) {
    FlightRecorder.register(LabelEvent.class);
    LabelJoin join = new LabelJoin();
    stream.enable(LabelEvent.NAME).withoutStackTrace().withThreshold(Duration.ZERO);
    stream.onEvent(LabelEvent.NAME, join::onEvent);
    return join;
  }

  /**
   * Once the stream runs, waits until its recording records label events (at most {@code timeout}),
   * then starts them; returns false when they never became enabled (samples then carry the labels
   * of the start snapshot only).
   */
  public synchronized boolean start(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!new LabelEvent().isEnabled()) {
      if (System.nanoTime() > deadline) {
        log.debug("label events not enabled after {}", timeout);
        snapshot = startSnapshotOnly();
        current.putAll(snapshot);
        return false;
      }
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    snapshot = LabelScopes.startEvents(id);
    started = true;
    return true;
  }

  private static Map<Long, List<Label>> startSnapshotOnly() {
    Map<Long, List<Label>> s = new HashMap<>();
    LabelScopes.byThread().forEach((id, l) -> s.put(id, l.pprofLabels()));
    return s;
  }

  /**
   * Stops emitting label events (idempotent). The join can be started again on the same stream:
   * until the next start's snapshot arrives, samples carry no labels.
   */
  public synchronized void stop() {
    if (started) {
      started = false;
      stale = true;
      LabelScopes.stopEvents();
    }
  }

  private void dropStale() {
    if (stale) {
      stale = false;
      current.clear();
    }
  }

  private void onEvent(RecordedEvent e) {
    dropStale();
    if (e.getBoolean("snapshot")) {
      if (e.getLong("join") == id) {
        current.clear();
        current.putAll(snapshot);
      }
      return;
    }
    RecordedThread t = e.getThread();
    if (t == null) {
      return;
    }
    String encoded = e.getString("labels");
    if (encoded == null || encoded.isEmpty()) {
      current.remove(t.getJavaThreadId());
      return;
    }
    List<Label> labels = decoded.get(encoded);
    if (labels == null) {
      if (decoded.size() >= MAX_DECODED) {
        decoded.clear();
      }
      labels = LabelSet.decode(encoded);
      decoded.put(encoded, labels);
    }
    current.put(t.getJavaThreadId(), labels);
  }

  /** The labels of thread {@code javaThreadId} at the stream's current event. */
  public List<Label> at(long javaThreadId) {
    dropStale();
    return current.getOrDefault(javaThreadId, List.of());
  }
}
