package io.jpprof.internal.heap;

import io.jpprof.internal.jfr.JvmShutdown;
import jdk.jfr.Recording;

/**
 * The JFR recording that keeps the JVM's old-object sampler running (an in-memory recording with
 * {@code jdk.OldObjectSample} enabled; it records nothing else, and the samples themselves are
 * read by {@link OldObjectSnapshot}).
 *
 * <p>It is its own recording, not part of the always-on stream, so that it can be restarted: once
 * the JVM's sample queue is full it only admits objects larger than the smallest "span" it holds
 * (object sizes plus those of dead samples merged into them), which grows with every collection,
 * so a line that keeps adding small objects soon gets no new samples at all. Restarting (stopping
 * the only recording that enables the event, then starting a new one) empties the queue; the
 * samples seen until then are kept by {@link LiveSamples#rotate()}.
 */
final class LiveRecording {
  private Recording recording;
  private long rotations;

  /** Starts the sampler; later calls do nothing until {@link #stop()}, nor while the JVM exits. */
  synchronized void start() {
    if (recording == null && !JvmShutdown.inProgress()) {
      recording = newRecording();
    }
  }

  /** Stops the sampler, dropping its samples. */
  synchronized void stop() {
    if (recording != null) {
      recording.close();
      recording = null;
    }
  }

  /** True while the sampler runs. */
  synchronized boolean running() {
    return recording != null;
  }

  /**
   * Empties the JVM's sample queue by restarting the sampler (when it runs); while the JVM exits it
   * only stops (no recording starts then: {@link JvmShutdown}).
   */
  synchronized void rotate() {
    if (recording != null) {
      recording.close();
      recording = JvmShutdown.inProgress() ? null : newRecording();
      rotations++;
    }
  }

  /** Restarts so far. */
  synchronized long rotations() {
    return rotations;
  }

  private static Recording newRecording() {
    Recording r = new Recording();
    r.setName("jpprof old-object sampler");
    r.enable(OldObjectSnapshot.EVENT).withStackTrace().with("cutoff", "0 ns");
    r.setToDisk(false);
    r.start();
    return r;
  }
}
