package io.jpprof.internal.jfr;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import jdk.jfr.Configuration;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * The JFR side of a {@link JfrTrace}: a recording with the {@code profile} settings, bounded in
 * size and duration, that tells its owner when JFR stopped it at the end of its duration; and the
 * filter that drops events from a dumped file. Loaded only where JFR exists.
 */
final class TraceRecording {
  static final String NAME = "jpprof trace";

  private static final Method WRITE = findWrite();

  private final Recording recording;
  private final FlightRecorderListener listener;

  private TraceRecording(Recording recording, FlightRecorderListener listener) {
    this.recording = recording;
    this.listener = listener;
  }

  /**
   * Starts a recording with the {@code profile} settings, {@code dropped} events switched off, at
   * most {@code maxSize} bytes on disk, stopped by JFR after {@code duration}, upon which {@code
   * onStoppedByJfr} runs (on a JFR thread).
   */
  static TraceRecording start(Set<String> dropped, long maxSize, Duration duration, Runnable onStoppedByJfr)
      throws IOException {
    Map<String, String> settings;
    try {
      settings = new HashMap<>(Configuration.getConfiguration("profile").getSettings());
    } catch (ParseException e) {
      throw new IOException(e.getMessage(), e);
    }
    dropped.forEach(e -> settings.put(e + "#enabled", "false"));
    Recording recording = new Recording(settings);
    FlightRecorderListener listener = new FlightRecorderListener() {
      @Override
      public void recordingStateChanged(Recording r) {
        if (r == recording && r.getState() == RecordingState.STOPPED) {
          onStoppedByJfr.run();
        }
      }
    };
    try {
      recording.setName(NAME);
      recording.setToDisk(true);
      recording.setDumpOnExit(false);
      recording.setMaxSize(maxSize);
      recording.setDuration(duration);
      FlightRecorder.addListener(listener);
      TraceRecording t = new TraceRecording(recording, listener);
      try {
        recording.start();
      } catch (RuntimeException | Error e) {
        t.close();
        throw e;
      }
      return t;
    } catch (RuntimeException | Error e) {
      FlightRecorder.removeListener(listener);
      recording.close();
      throw e;
    }
  }

  /** Stops recording and writes everything recorded to {@code file}. */
  void stopAndDump(Path file) throws IOException {
    FlightRecorder.removeListener(listener); // this stop is ours
    recording.stop();
    recording.dump(file);
  }

  /** Closes the recording, which releases its chunks; idempotent. */
  void close() {
    FlightRecorder.removeListener(listener);
    recording.close();
  }

  /** Whether this JDK can filter a recording file ({@code RecordingFile.write}, JDK 19+). */
  static boolean canFilter() {
    return WRITE != null;
  }

  /** Writes {@code from} to {@code to} without the {@code dropped} events (JDK 19+). */
  static void filter(Path from, Path to, Set<String> dropped) throws IOException {
    Predicate<RecordedEvent> keep = e -> !dropped.contains(e.getEventType().getName());
    try (RecordingFile in = new RecordingFile(from)) {
      WRITE.invoke(in, to, keep);
    } catch (ReflectiveOperationException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new IOException("cannot filter the trace: " + cause, cause);
    }
  }

  /** The first recording other than a jpprof trace that records one of {@code events}, or null. */
  static String otherRecordingWithSecrets() {
    for (Recording r : FlightRecorder.getFlightRecorder().getRecordings()) {
      if (NAME.equals(r.getName()) || r.getState() == RecordingState.CLOSED) {
        continue;
      }
      Map<String, String> s = r.getSettings();
      for (String e : JfrTrace.SECRET_EVENTS) {
        if ("true".equals(s.get(e + "#enabled"))) {
          return "id " + r.getId() + ", name " + r.getName() + ", " + e;
        }
      }
    }
    return null;
  }

  private static Method findWrite() {
    try {
      return RecordingFile.class.getMethod("write", Path.class, Predicate.class);
    } catch (NoSuchMethodException e) {
      return null;
    }
  }
}
