package io.jpprof.internal.labels;

import io.jpprof.internal.profile.Label;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import jdk.jfr.FlightRecorder;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingStream;

/**
 * Which labels each thread had at each moment of a JFR stream: the reader's side of {@link
 * LabelEvent}.
 *
 * <p>Every label change is a JFR event in the same stream as the CPU samples, timestamped by the
 * same JFR clock, and the stream delivers events in time order. So handling them in order, a
 * sample finds its thread's labels exactly as they were at the sample's tick: the join is exact up
 * to the few nanoseconds between a scope's entry (or exit) and its event's timestamp. Scopes still
 * open when the profile ends simply have had no exit event yet, so their samples carry their
 * labels.
 *
 * <p>Scopes already open when the join starts come from a snapshot read between two marker events:
 * a thread with changes between the markers ends with its last one, any other had the snapshot's
 * labels all along, so at the second marker every thread's labels are exact. Samples before it
 * carry no labels rather than the labels of another moment. The markers are emitted again, with a
 * new snapshot, until the stream has seen a pair: a new stream can take seconds to record on a
 * busy JVM, and the event's being enabled is no proof that this stream records it (another
 * stream, another jpprof copy's, may enable the same name). Events from other copies of jpprof
 * (the agent's, an application's own) reach this stream too; they carry the same labels at the
 * same moments.
 *
 * <p>{@link #at} is used by the stream's thread only; {@link #start} and {@link #stop} by others.
 */
public final class LabelJoin {
  private static final int MAX_DECODED = 10_000;
  /** The pauses between two marker pairs while the stream has seen none: doubling from the first. */
  private static final long FIRST_REMARK_MILLIS = 5;
  private static final long MAX_REMARK_MILLIS = 200;
  /** Marker pairs emitted and not yet seen: the oldest are dropped beyond it. */
  private static final int MAX_PENDING = 32;

  /** A marker pair and the snapshot read between its markers. */
  private record Mark(long open, long close, Map<Long, List<Label>> snapshot) {}

  private final Map<Long, List<Label>> current = new HashMap<>();
  private final Map<String, List<Label>> decoded = new HashMap<>();
  /** Bumped by every start and stop: a start still marking gives up when it changes. */
  private long generation; // guarded by this
  /** The generation whose marker pair the stream has seen. */
  private long joinedGeneration; // guarded by this
  /** Pairs not yet seen, by both of their markers. */
  private final LinkedHashMap<Long, Mark> pending = new LinkedHashMap<>(); // guarded by this
  private boolean started; // guarded by this
  /** Set by {@link #stop}: the changes after it were not seen, so what is known is stale. */
  private volatile boolean stale;
  /** On the stream's thread: a marker pair was seen, so {@link #current} is exact. */
  private boolean joined;
  /** On the stream's thread: the pair whose first marker was seen, and the changes since. */
  private Mark opened;
  private final Map<Long, List<Label>> changedSinceOpen = new HashMap<>();

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
   * Starts label events and emits marker pairs until the stream has seen one: from then on its
   * samples carry labels. Waits as long as that takes, unless {@link #stop} (or another start)
   * comes first; returns whether the stream joined.
   */
  public boolean start() {
    long mine;
    synchronized (this) {
      mine = ++generation;
      if (!started) {
        started = true;
        LabelScopes.startEvents();
      }
    }
    // A pair emitted while no recording enables the event is lost, so pairs start the moment it
    // becomes enabled (checked every millisecond, as a new stream's recording starts), then follow
    // ever more slowly until the stream says it saw one.
    LabelEvent probe = new LabelEvent(); // never committed: isEnabled() asks the event's type
    boolean wasEnabled = false;
    long pause = FIRST_REMARK_MILLIS;
    long nextMark = 0;
    while (true) {
      boolean enabled = probe.isEnabled();
      long now = System.nanoTime();
      synchronized (this) {
        if (generation != mine) {
          return false;
        }
        if (joinedGeneration == mine) {
          return true;
        }
        if (enabled && (!wasEnabled || now - nextMark >= 0)) {
          if (!wasEnabled) {
            pause = FIRST_REMARK_MILLIS;
          }
          mark();
          nextMark = now + pause * 1_000_000L;
          pause = Math.min(MAX_REMARK_MILLIS, pause * 2);
        }
      }
      wasEnabled = enabled;
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  /**
   * Emits a marker pair and stores its snapshot, holding this lock: the stream's thread takes it
   * on a marker, so it finds the pair stored.
   */
  private void mark() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long open = random.nextLong();
    long close = random.nextLong();
    Mark mark = new Mark(open, close, LabelScopes.mark(open, close));
    pending.put(open, mark);
    pending.put(close, mark);
    while (pending.size() > 2 * MAX_PENDING) {
      pending.remove(pending.keySet().iterator().next());
    }
  }

  /**
   * Stops emitting label events, and a start still marking (idempotent). The join can be started
   * again on the same stream: until the stream sees the next start's markers, samples carry no
   * labels.
   */
  public synchronized void stop() {
    generation++;
    pending.clear();
    if (started) {
      started = false;
      stale = true;
      LabelScopes.stopEvents();
    }
  }

  private void dropStale() {
    if (stale) {
      stale = false;
      joined = false;
      opened = null;
      current.clear();
    }
  }

  private void onEvent(RecordedEvent e) {
    dropStale();
    if (e.getBoolean("snapshot")) {
      onMarker(e.getLong("join"));
      return;
    }
    if (!joined && opened == null) {
      return;
    }
    RecordedThread t = e.getThread();
    if (t == null) {
      return;
    }
    String encoded = e.getString("labels");
    List<Label> labels = encoded == null || encoded.isEmpty() ? List.of() : decode(encoded);
    if (opened != null) {
      changedSinceOpen.put(t.getJavaThreadId(), labels);
    }
    if (joined) {
      put(t.getJavaThreadId(), labels);
    }
  }

  private void onMarker(long token) {
    Mark mark;
    synchronized (this) {
      mark = pending.get(token);
      if (mark == null) {
        return; // another join's, or of a start that was stopped
      }
      if (token == mark.open) {
        opened = mark;
        changedSinceOpen.clear();
        return;
      }
      if (opened != mark) {
        return; // its first marker was not recorded: the stream began between them
      }
      pending.remove(mark.open);
      pending.remove(mark.close);
      joinedGeneration = generation;
    }
    current.clear();
    current.putAll(mark.snapshot);
    changedSinceOpen.forEach(this::put);
    changedSinceOpen.clear();
    opened = null;
    joined = true;
  }

  private void put(long thread, List<Label> labels) {
    if (labels.isEmpty()) {
      current.remove(thread);
    } else {
      current.put(thread, labels);
    }
  }

  private List<Label> decode(String encoded) {
    List<Label> labels = decoded.get(encoded);
    if (labels == null) {
      if (decoded.size() >= MAX_DECODED) {
        decoded.clear();
      }
      labels = LabelSet.decode(encoded);
      decoded.put(encoded, labels);
    }
    return labels;
  }

  /** The labels of thread {@code javaThreadId} at the stream's current event. */
  public List<Label> at(long javaThreadId) {
    dropStale();
    return joined ? current.getOrDefault(javaThreadId, List.of()) : List.of();
  }
}
