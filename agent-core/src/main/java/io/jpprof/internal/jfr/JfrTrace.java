package io.jpprof.internal.jfr;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's one execution trace: a JFR recording with the JDK's {@code profile} settings, the
 * JVM's counterpart of Go's {@code runtime/trace}. The result is a {@code .jfr} file that the JDK's
 * {@code jfr} tool ({@code jfr summary}, {@code jfr print}) and JDK Mission Control open; {@code go
 * tool trace} does not.
 *
 * <p>Only one trace runs at a time, as in Go; a CPU profile may run beside it. Every trace ends in
 * {@link #writeTo}, {@link #cancel} or {@link #close}, and each leaves nothing behind: the
 * recording is closed (which releases its chunks in the JFR repository) and the dump files are
 * deleted.
 *
 * <p><b>Secrets.</b> Unless started with {@code includeSecrets}, a trace leaves out the events that
 * carry the process's environment, configuration and command lines ({@link #SECRET_EVENTS}: the
 * environment variables, system and security properties, JVM arguments and string flags, agent
 * options, and the command lines of the host's processes and of the processes this JVM starts).
 * They are switched off in the recording's settings; and since JFR writes an event enabled by any
 * recording in the process into the chunks every recording shares (a {@code
 * -XX:StartFlightRecording} would put them back), the dump is filtered again before it is written,
 * on JDK 19+ ({@code RecordingFile.write}). JDK 17 and 18 cannot filter a recording: there a trace
 * refuses to start, or to be written, while another recording in the process records one of these
 * events. What a trace still shows is the application's own activity: file paths, socket
 * addresses, exception messages, thread names and stacks.
 *
 * <p><b>Bounds.</b> A trace records at most {@link #MAX_DURATION} ({@link #window()}) and keeps at
 * most {@link #MAX_SIZE} bytes on disk (JFR drops the oldest chunks beyond it). One that nobody
 * collects ends on its own {@link #GRACE} after its window: the recording stops and is closed, and
 * the next trace can start.
 */
public final class JfrTrace implements AutoCloseable {
  /** Go's error text when a trace is already running. */
  public static final String IN_USE = "tracing is already enabled";

  /** The longest window a trace records. */
  public static final Duration MAX_DURATION = Duration.ofMinutes(15);

  /** The most disk one trace's recording may use. */
  public static final long MAX_SIZE = 256L << 20;

  /** How long after its window an uncollected trace ends by itself. */
  public static final Duration GRACE = Duration.ofSeconds(10);

  /** The events left out unless secrets are asked for: they carry environment, properties, arguments. */
  public static final Set<String> SECRET_EVENTS = Set.of(
      "jdk.InitialEnvironmentVariable",
      "jdk.InitialSystemProperty",
      "jdk.InitialSecurityProperty",
      "jdk.SecurityPropertyModification",
      "jdk.JVMInformation", // jvmArguments, jvmFlags, javaArguments: JFR cannot drop single fields
      "jdk.StringFlag", // -XX:OnError=..., -XX:OnOutOfMemoryError=... command lines
      "jdk.StringFlagChanged",
      "jdk.JavaAgent", // -javaagent options
      "jdk.NativeAgent",
      "jdk.SystemProcess", // every process on the host, with its command line
      "jdk.ProcessStart"); // command lines of the processes this JVM starts

  private static final Logger log = LoggerFactory.getLogger(JfrTrace.class);

  private static final int RUNNING = 0;
  private static final int WRITING = 1;
  private static final int ENDED = 2;

  // No jdk.jfr type in this class's fields or signatures: it must load on a runtime without JFR.
  private volatile TraceRecording recording;
  private final Duration window;
  private final boolean includeSecrets;
  private final long deadlineNanos;
  private final AtomicInteger state = new AtomicInteger(RUNNING);

  private final Tracer tracer;

  private JfrTrace(Tracer tracer, TraceRecording recording, Duration window, boolean includeSecrets, Duration grace) {
    this.tracer = tracer;
    this.recording = recording;
    this.window = window;
    this.includeSecrets = includeSecrets;
    this.deadlineNanos = System.nanoTime() + window.plus(grace).toNanos();
  }

  /** Where traces start: at most one runs at a time, as in Go. */
  public static final class Tracer {
    private final AtomicReference<JfrTrace> active = new AtomicReference<>();
    private final JfrTrace starting = new JfrTrace(this, null, Duration.ZERO, false, Duration.ZERO);

    /** A trace of {@link #MAX_DURATION} without secrets; callers end it with {@link JfrTrace#writeTo}. */
    public JfrTrace start() throws IOException {
      return start(MAX_DURATION, false);
    }

    /**
     * Starts a trace that records {@code window} (at most {@link #MAX_DURATION}; see {@link
     * JfrTrace#window()}), leaving out {@link #SECRET_EVENTS} unless {@code includeSecrets}.
     *
     * @throws IllegalStateException {@value #IN_USE} when a trace is already running; on JDK 17–18,
     *     when another recording in the process records secrets that could not be left out
     * @throws IOException when the {@code profile} settings cannot be read or JFR cannot start
     * @throws JfrUnavailableException on a runtime without JFR
     */
    public JfrTrace start(Duration window, boolean includeSecrets) throws IOException {
      return start(window, includeSecrets, GRACE);
    }

    JfrTrace start(Duration window, boolean includeSecrets, Duration grace) throws IOException {
      Jfr.requireAvailable();
      Duration w = window.isNegative() ? Duration.ZERO : window.compareTo(MAX_DURATION) > 0 ? MAX_DURATION : window;
      reapExpired();
      if (!active.compareAndSet(null, starting)) {
        throw new IllegalStateException(IN_USE);
      }
      JfrTrace trace = new JfrTrace(this, null, w, includeSecrets, grace);
      try {
        if (!includeSecrets && !TraceRecording.canFilter()) {
          String other = TraceRecording.otherRecordingWithSecrets();
          if (other != null) {
            throw new IllegalStateException(refusal(other));
          }
        }
        trace.recording = TraceRecording.start(includeSecrets ? Set.of() : SECRET_EVENTS, MAX_SIZE, w.plus(grace),
            trace::expired);
        active.set(trace);
        if (trace.state.get() == ENDED) { // expired before it was even returned (a tiny window)
          trace.recording.close();
          active.compareAndSet(trace, null);
        }
        return trace;
      } catch (IOException | RuntimeException | Error e) {
        active.compareAndSet(starting, null);
        throw e;
      }
    }

    /** True while a trace runs. */
    public boolean active() {
      reapExpired();
      return active.get() != null;
    }

    /** Closes a trace whose window and grace have passed (JFR's stop notice may have been missed). */
    private void reapExpired() {
      JfrTrace t = active.get();
      if (t != null && t != starting && t.state.get() == RUNNING && System.nanoTime() - t.deadlineNanos > 0) {
        t.cancel();
      }
    }
  }

  /** The window this trace records: what was asked for, at most {@link #MAX_DURATION}. */
  public Duration window() {
    return window;
  }

  /**
   * Ends the trace and writes the recording ({@code .jfr} bytes) to {@code out}, which is not
   * closed. The temporary dump files are deleted and the recording closed, also when writing fails
   * or {@link #cancel} is called meanwhile.
   *
   * @throws IllegalStateException when the trace has already ended (written, cancelled, expired)
   * @throws IOException when the dump or the write fails
   */
  public void writeTo(OutputStream out) throws IOException {
    if (!state.compareAndSet(RUNNING, WRITING)) {
      throw new IllegalStateException("trace already ended");
    }
    Path file = null;
    Path filtered = null;
    try {
      file = Files.createTempFile("jpprof-trace-", ".jfr");
      recording.stopAndDump(file);
      Path result = file;
      if (!includeSecrets) {
        if (TraceRecording.canFilter()) {
          filtered = Files.createTempFile("jpprof-trace-", ".jfr");
          TraceRecording.filter(file, filtered, SECRET_EVENTS);
          result = filtered;
        } else {
          String other = TraceRecording.otherRecordingWithSecrets();
          if (other != null) {
            throw new IOException(refusal(other));
          }
        }
      }
      if (state.get() == ENDED) {
        throw new IOException("trace cancelled");
      }
      Files.copy(result, out);
      out.flush();
    } catch (RuntimeException e) {
      if (state.get() == ENDED) {
        throw new IOException("trace cancelled", e);
      }
      throw e;
    } finally {
      cancel();
      delete(file);
      delete(filtered);
    }
  }

  /**
   * Ends the trace without writing it — the client went away — and frees the slot for the next
   * one. Safe from any thread at any time, also while {@link #writeTo} runs (which then fails);
   * idempotent.
   */
  public void cancel() {
    if (state.getAndSet(ENDED) == ENDED) {
      return;
    }
    try {
      TraceRecording r = recording;
      if (r != null) {
        r.close();
      }
    } catch (RuntimeException e) {
      log.debug("pprof: closing the trace recording", e);
    } finally {
      tracer.active.compareAndSet(this, null);
    }
  }

  /** The same as {@link #cancel()}. */
  @Override
  public void close() {
    cancel();
  }

  /** JFR stopped the recording at its duration: nobody collected it in time. */
  private void expired() {
    if (state.get() == RUNNING) {
      log.debug("pprof: trace not collected in time after its window; closing it");
      cancel();
    }
  }

  private static String refusal(String other) {
    return "another JFR recording in this JVM (" + other + ") records environment, properties or command"
        + " lines, which would be in the trace; Java " + Runtime.version().feature()
        + " cannot filter a recording (Java 19+ can)";
  }

  private static void delete(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.warn("pprof: cannot delete trace file {}", file, e);
    }
  }
}
