package io.jpprof.internal.jfr;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.concurrent.atomic.AtomicBoolean;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's one execution trace: a JFR recording with the JDK's {@code profile} settings, the
 * JVM's counterpart of Go's {@code runtime/trace}. The result is a {@code .jfr} file that the JDK's
 * {@code jfr} tool ({@code jfr summary}, {@code jfr print}) and JDK Mission Control open; {@code go
 * tool trace} does not.
 *
 * <p>Only one trace runs at a time, as in Go; a CPU profile may run beside it. Every trace ends in
 * {@link #writeTo} or {@link #close}, and both leave nothing behind: the recording is closed (which
 * releases its chunks in the JFR repository) and the dump file is deleted.
 */
public final class JfrTrace implements AutoCloseable {
  /** Go's error text when a trace is already running. */
  public static final String IN_USE = "tracing is already enabled";

  private static final Logger log = LoggerFactory.getLogger(JfrTrace.class);
  private static final AtomicBoolean ACTIVE = new AtomicBoolean();

  private final Recording recording;
  private boolean done;

  private JfrTrace(Recording recording) {
    this.recording = recording;
  }

  /**
   * Starts a trace.
   *
   * @throws IllegalStateException {@value #IN_USE} when a trace is already running
   * @throws IOException when the {@code profile} settings cannot be read or JFR cannot start
   */
  public static JfrTrace start() throws IOException {
    if (!ACTIVE.compareAndSet(false, true)) {
      throw new IllegalStateException(IN_USE);
    }
    try {
      Recording recording = new Recording(Configuration.getConfiguration("profile"));
      try {
        recording.setName("jpprof trace");
        recording.setToDisk(true);
        recording.start();
        return new JfrTrace(recording);
      } catch (RuntimeException | Error e) {
        recording.close();
        throw e;
      }
    } catch (ParseException e) {
      ACTIVE.set(false);
      throw new IOException(e.getMessage(), e);
    } catch (IOException | RuntimeException | Error e) {
      ACTIVE.set(false);
      throw e;
    }
  }

  /** True while a trace runs. */
  public static boolean active() {
    return ACTIVE.get();
  }

  /**
   * Ends the trace and writes the recording ({@code .jfr} bytes) to {@code out}, which is not
   * closed. The temporary dump file is deleted and the recording closed, also when writing fails.
   *
   * @throws IOException when the dump or the write fails
   */
  public synchronized void writeTo(OutputStream out) throws IOException {
    if (done) {
      throw new IllegalStateException("trace already ended");
    }
    Path file = Files.createTempFile("jpprof-trace-", ".jfr");
    try {
      recording.stop();
      recording.dump(file);
      Files.copy(file, out);
      out.flush();
    } finally {
      close();
      delete(file);
    }
  }

  /** Ends the trace without writing it (the client went away); idempotent. */
  @Override
  public synchronized void close() {
    if (done) {
      return;
    }
    done = true;
    try {
      recording.close();
    } finally {
      ACTIVE.set(false);
    }
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.warn("pprof: cannot delete trace file {}", file, e);
    }
  }
}
