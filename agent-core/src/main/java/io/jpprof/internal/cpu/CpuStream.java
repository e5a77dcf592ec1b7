package io.jpprof.internal.cpu;

import io.jpprof.internal.labels.LabelJoin;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JFR stream that CPU profiles read, kept open between profiles for {@link #KEEP_WARM}.
 *
 * <p>It is kept while jpprof's collectors run (the profiler's {@code held}), as a server's are; a CPU
 * profile taken through the API alone closes its stream when it ends. A fresh stream per profile
 * cost more than the samples did: JFR starts a recording and a chunk, the new parser reads the
 * chunk's metadata and constant pools, and the JIT compiles the parser again after the start-up
 * paths deoptimized it. A 6 s profile at 25 Hz on JDK 17 took 1.3 % of two busy threads that way
 * and 0.55 % from a stream kept open, where only the sampling event is switched on and off
 * (docs/benchmarks.md). Between profiles the stream records nothing: its sampling event is off,
 * and label events are only emitted while a profile runs (with history on, {@link CpuHistory}'s
 * 10 Hz samples still reach it, and are dropped while no profile reads it). It closes itself after {@link
 * #KEEP_WARM} without a profile (checked at each flush), and {@link #closeIdle} (called when
 * jpprof's collectors stop) closes it at once.
 *
 * <p>One profile at a time reads it (the {@link #window}); its samples, label changes and end
 * marker are handled in stream order on the daemon thread {@code jpprof-cpu-profile}.
 */
final class CpuStream {
  private static final Logger log = LoggerFactory.getLogger(CpuStream.class);
  /** How long the stream stays open after a profile, waiting for the next one. */
  static final Duration KEEP_WARM = Duration.ofSeconds(60);
  /** The longest {@link #awaitEnd} waits for a window's last samples. */
  private static final long DELIVERY_TIMEOUT_NANOS = 3_000_000_000L;
  /** How often the stream's reader is woken while {@link #awaitEnd} waits. */
  private static final long WAKE_MILLIS = 20;

  /**
   * Where a CPU profiler keeps its open stream: at most one per profiler. Its lock guards {@code
   * open}, each stream's {@code window}, {@code idleSince} and {@code closing}; {@code held} says
   * whether jpprof's collectors run (it takes no lock).
   */
  static final class Slot {
    final BooleanSupplier held;
    CpuStream open;

    Slot(BooleanSupplier held) {
      this.held = held;
    }
  }

  private final Slot slot;

  final CpuEngine engine;
  final LabelJoin labels;
  private final RecordingStream stream;
  private final Thread reader;
  /** The profile reading the stream, or null between profiles. */
  private volatile CpuRecording window;
  private volatile long idleSince = System.nanoTime();
  private boolean closing; // guarded by the class
  /** Set on the reader when the awaited window's end marker arrives; guarded by this. */
  private long endSeen;
  private long endAwaited;
  private boolean closeAtEnd;

  private CpuStream(Slot slot, CpuEngine engine) {
    this.slot = slot;
    this.engine = engine;
    this.stream = new RecordingStream();
    stream.setMaxAge(Duration.ofSeconds(10));
    engine.disable(stream);
    this.labels = LabelJoin.attach(stream);
    stream.onEvent(engine.eventName, this::onSample);
    FlightRecorder.register(WindowEnd.class);
    stream.enable(WindowEnd.NAME).withoutStackTrace().withThreshold(Duration.ZERO);
    stream.onEvent(WindowEnd.NAME, this::onWindowEnd);
    stream.onFlush(this::onFlush);
    // not startAsync(): its thread is not a daemon and would keep the JVM alive
    this.reader = new Thread(this::run, "jpprof-cpu-profile");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts reading {@code recording}'s samples, at {@code period}, from the open stream of {@code
   * engine} (opened when there is none, or one of another engine).
   */
  static CpuStream begin(Slot slot, CpuEngine engine, CpuRecording recording, Duration period) {
    CpuStream s;
    CpuStream other = null;
    synchronized (slot) {
      s = slot.open;
      if (s != null && (s.engine != engine || !s.reader.isAlive())) {
        other = s;
        s = null;
      }
      if (s == null) {
        s = new CpuStream(slot, engine);
      }
      slot.open = s;
      s.window = recording;
    }
    if (other != null) {
      other.close();
    }
    engine.configure(s.stream, period);
    return s;
  }

  /**
   * Ends {@code recording}'s window: waits (at most 3 s) until every sample recorded before the call
   * has been handled when asked, switches sampling off, and leaves the stream open for the next
   * profile while jpprof's collectors run (the slot's {@code held}: a server or the process's
   * lease), else closes it.
   */
  void end(CpuRecording recording, long id, boolean awaitSamples) {
    boolean closeAfter = !slot.held.getAsBoolean();
    try {
      if (awaitSamples) {
        awaitEnd(id, closeAfter);
      }
    } finally {
      if (!closeAfter) {
        try {
          engine.disable(stream);
        } catch (RuntimeException e) {
          log.debug("CPU profile stream: could not switch sampling off", e);
          closeAfter = true;
        }
      }
      synchronized (slot) {
        if (window == recording) {
          window = null;
        }
        idleSince = System.nanoTime();
      }
      // the collectors may have stopped meanwhile; their closeIdle() skipped a stream in use
      boolean close = closeAfter || !slot.held.getAsBoolean();
      synchronized (slot) {
        if (close) {
          detach(); // unless it was detached already: it is closed either way
        } else {
          close = closing || slot.open != this;
        }
      }
      if (close) {
        close();
      }
    }
  }

  /** Closes the open stream now unless a profile reads it; returns once its thread has ended. */
  static void closeIdle(Slot slot) {
    CpuStream s;
    synchronized (slot) {
      s = slot.open;
      if (s == null || s.window != null || !s.detach()) {
        return;
      }
    }
    s.close();
  }

  /**
   * Under the slot's lock: makes this stream no longer the open one and marks it closing; false
   * when it was not the open one (already detached, or replaced by a stream of another engine).
   */
  private boolean detach() {
    if (slot.open != this || closing) {
      return false;
    }
    slot.open = null;
    closing = true;
    return true;
  }

  private void run() {
    try {
      stream.start(); // returns when the stream is closed
    } catch (RuntimeException e) {
      log.debug("CPU profile stream ended", e);
    }
  }

  private void onSample(RecordedEvent e) {
    CpuRecording w = window;
    if (w != null) {
      w.onSample(e, labels);
    }
  }

  /** About once a second: the profile polls its threads' CPU; an idle stream past its time closes. */
  private void onFlush() {
    CpuRecording w = window;
    if (w != null) {
      w.onFlush();
      return;
    }
    synchronized (slot) {
      if (window != null || System.nanoTime() - idleSince < KEEP_WARM.toNanos() || !detach()) {
        return;
      }
    }
    log.debug("CPU profile stream idle for {}; closing it", KEEP_WARM);
    stream.close(); // on the reader, between two events: start() returns at once
  }

  /**
   * Delivers the window's last samples now, not at JFR's next flush (up to a second later, where Go
   * answers within milliseconds of the window's end): commits a {@link WindowEnd} event, finishes
   * the current chunk (starting and closing an empty recording rotates it), wakes the stream's
   * reader, and waits (at most 3 s) until the event arrives. The stream is ordered, so every sample
   * recorded before the event has been handled by then.
   *
   * <p>The reader must be woken: once it has read a chunk's data it sleeps until the next periodic
   * flush (up to 1 s) before it looks again, even when the chunk was finished meanwhile (JDK 17 to
   * 25). The nap ignores interrupts but an interrupt ends it early; the reader clears the flag when
   * the marker arrives, and closes the stream there when {@code thenClose}.
   */
  private void awaitEnd(long id, boolean thenClose) {
    WindowEnd mark = new WindowEnd();
    if (!mark.isEnabled()) {
      return; // the stream never started recording: there is nothing to wait for
    }
    synchronized (this) {
      endAwaited = id;
      closeAtEnd = thenClose;
    }
    mark.profile = id;
    mark.commit();
    try {
      rotateChunk();
    } catch (RuntimeException e) {
      log.debug("could not finish the JFR chunk; waiting for the next flush", e);
    }
    long deadline = System.nanoTime() + DELIVERY_TIMEOUT_NANOS;
    synchronized (this) {
      while (endSeen != id && reader.isAlive()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          log.debug("CPU profile: the stream did not deliver the window's end within 3 s");
          return;
        }
        reader.interrupt();
        try {
          wait(Math.min(WAKE_MILLIS, left / 1_000_000 + 1));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** On the reader: a window's end marker arrived. */
  private void onWindowEnd(RecordedEvent e) {
    long id = e.getLong("profile");
    synchronized (this) {
      if (id != endAwaited) {
        return;
      }
      endSeen = id; // no more wake-ups from awaitEnd: they are sent under this lock
      Thread.interrupted(); // clears the last wake-up
      if (closeAtEnd) {
        // here, between two events, the reader ends at once; closed from another thread it can
        // sleep up to a second looking for the next chunk before it notices
        stream.close();
      }
      notifyAll();
    }
  }

  /** Starting a to-disk recording while another records writes out and finishes the current chunk. */
  private static void rotateChunk() {
    try (Recording r = new Recording()) {
      r.setName("jpprof: end of a CPU profile");
      r.setToDisk(true);
      r.start();
    }
  }

  /** Closes the stream (unless it closed itself) and waits, at most 10 s, until its reader has ended. */
  private void close() {
    stream.close();
    try {
      reader.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
