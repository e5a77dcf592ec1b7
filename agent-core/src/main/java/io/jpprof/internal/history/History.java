package io.jpprof.internal.history;

import io.jpprof.internal.jfr.Jfr;
import io.jpprof.internal.jfr.JvmShutdown;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import jdk.jfr.Recording;
import jdk.jfr.consumer.EventStream;
import jdk.jfr.consumer.RecordedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last minutes of CPU samples and waits, kept on disk by one JFR recording ({@code jpprof
 * history}) bounded by age ({@code jpprof.history}, e.g. 10 minutes) and by size ({@value
 * #MAX_SIZE_MB} MB of JFR's repository), so that a profile of a window that has already passed is
 * answered at once.
 *
 * <p>Nothing is parsed while history is kept: JFR writes the enabled events (the CPU sampler at
 * {@code CpuHistory}'s low rate, the waits at the contention thresholds) to its repository, and the
 * only Java work is a daemon thread, {@code jpprof-history}, that commits a {@link HistoryTick}
 * (and the subscribers' own events, {@link #everySecond}) once a second and finishes the current
 * chunk every tenth of the kept time (JFR drops data by whole chunks, so a chunk never spans more
 * than that). A {@link #read} dumps the recording into a
 * private temporary directory, parses only the window's events, and deletes the directory. Reads
 * run one at a time, so at most one dump exists.
 *
 * <p>Only {@link io.jpprof.internal.Collectors} starts and stops it, with the other collectors;
 * after {@link #stop} no recording, thread or file of it is left.
 */
public final class History {
  /** The most of JFR's repository the recording keeps, in megabytes. */
  public static final int MAX_SIZE_MB = 64;

  static final long MAX_SIZE = (long) MAX_SIZE_MB << 20;
  /** The shortest history that can be configured: one chunk at least. */
  public static final Duration MIN_KEEP = Duration.ofSeconds(10);
  private static final Duration MIN_CHUNK = Duration.ofSeconds(10);
  /** How far a window's start may lie before the earliest tick kept (ticks come once a second). */
  private static final long TICK_SLACK_MILLIS = 1_500;

  private static final Logger log = LoggerFactory.getLogger(History.class);
  private final Object reads = new Object();

  /** Events by name with their settings; applied at start and, on a change, to the running recording. */
  private final Map<String, Map<String, String>> events = new LinkedHashMap<>();
  private Duration keep;
  private Run run;
  /** Run once a second on history's thread, after the tick. */
  private final CopyOnWriteArrayList<Runnable> everySecond = new CopyOnWriteArrayList<>();

  /** History that is not configured yet; {@link io.jpprof.internal.Collectors} makes the one the process keeps. */
  public History() {}

  /** One recording, from {@link #start} to {@link #stop}. */
  private final class Run {
    final Recording recording;
    final Instant started;
    final Duration keep;
    final Thread ticker;

    Run(Recording recording, Instant started, Duration keep) {
      this.recording = recording;
      this.started = started;
      this.keep = keep;
      this.ticker = new Thread(this::tick, "jpprof-history");
      ticker.setDaemon(true);
    }

    /** A tick every second, and a new chunk every tenth of the kept time (at least 10 s). */
    private void tick() {
      long chunkNanos = Math.max(MIN_CHUNK.toNanos(), keep.toNanos() / 10);
      long nextChunk = System.nanoTime() + chunkNanos;
      while (!Thread.currentThread().isInterrupted()) {
        new HistoryTick().commit();
        for (Runnable task : everySecond) {
          try {
            task.run();
          } catch (RuntimeException e) {
            log.debug("jpprof history: a per-second task failed", e);
          }
        }
        try {
          Thread.sleep(1000);
        } catch (InterruptedException e) {
          return; // stop()
        }
        if (System.nanoTime() - nextChunk >= 0) {
          nextChunk += chunkNanos;
          if (JvmShutdown.inProgress()) {
            return; // no recording once the JVM exits (JvmShutdown); JFR deletes the chunks
          }
          try {
            finishChunk();
          } catch (RuntimeException e) {
            log.debug("jpprof history: could not finish the JFR chunk", e);
          }
        }
      }
    }
  }

  /**
   * Sets how much history the next {@link #start} keeps: {@code null} (the default) keeps none.
   * A running recording keeps its length until the collectors restart.
   */
  public synchronized void configure(Duration keep) {
    this.keep = keep;
  }

  /** How much history is configured, if any. */
  public synchronized Optional<Duration> configured() {
    return Optional.ofNullable(keep);
  }

  /** True while history is being kept. */
  public synchronized boolean running() {
    return run != null;
  }

  /**
   * Records {@code event} with {@code settings} ({@code period}, {@code threshold}, {@code
   * stackTrace}, ...) while history is kept; a later call for the same event replaces the settings,
   * on the running recording too.
   */
  public synchronized void enable(String event, Map<String, String> settings) {
    events.put(event, Map.copyOf(settings));
    if (run != null) {
      apply(run.recording, event, settings);
    }
  }

  /** The bytes of JFR's repository the recording holds now (0 when off). */
  public synchronized long keptBytes() {
    return run == null ? 0 : run.recording.getSize();
  }

  /**
   * Runs {@code task} once a second on history's thread while history is kept (to commit events
   * of its own); registered once per task.
   */
  public void everySecond(Runnable task) {
    everySecond.addIfAbsent(task);
  }

  /** Starts keeping history when it is configured and JFR works here; does nothing when it runs. */
  public synchronized void start() {
    if (run != null || keep == null || !Jfr.available() || JvmShutdown.inProgress()) {
      return;
    }
    Recording r = new Recording();
    try {
      r.setName("jpprof history");
      r.setToDisk(true);
      r.setMaxAge(keep);
      r.setMaxSize(MAX_SIZE);
      r.enable(HistoryTick.class);
      events.forEach((event, settings) -> apply(r, event, settings));
      r.start();
    } catch (RuntimeException e) {
      r.close();
      log.warn("jpprof: cannot keep history", e);
      return;
    }
    run = new Run(r, Instant.now(), keep);
    run.ticker.start();
    log.debug("jpprof: keeping {} of history", keep);
  }

  /** Stops keeping history: closes the recording (JFR deletes its chunks) and ends the thread. */
  public void stop() {
    Run r;
    synchronized (this) {
      r = run;
      run = null;
    }
    if (r == null) {
      return;
    }
    r.ticker.interrupt();
    try {
      r.ticker.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (reads) { // a read in progress finishes its dump first
      r.recording.close();
    }
  }

  /** The window a {@link #read} covered. */
  public record Window(Instant from, Instant to) {
    /** Its start in nanoseconds since the epoch (pprof's {@code time_nanos}). */
    public long fromEpochNanos() {
      return from.getEpochSecond() * 1_000_000_000L + from.getNano();
    }

    public long durationNanos() {
      return Duration.between(from, to).toNanos();
    }
  }

  /**
   * Hands every kept event of the last {@code window} whose name is a key of {@code handlers} to
   * that handler, on this thread; an event belongs to the window when it ended in it (a wait that
   * began earlier counts whole). Reads run one at a time.
   *
   * @throws HistoryUnavailableException when history is off, or the window reaches back before the
   *     oldest data kept; its message says which, and what to ask for instead
   * @throws IOException when the recording cannot be dumped or read
   */
  public Window read(Duration window, Map<String, Consumer<RecordedEvent>> handlers)
      throws HistoryUnavailableException, IOException {
    synchronized (reads) {
      Run r;
      Duration configured;
      synchronized (this) {
        r = run;
        configured = keep;
      }
      long asked = window.toSeconds();
      if (r == null) {
        throw new HistoryUnavailableException(configured == null
            ? "jpprof: history is off; keep the last minutes with -Djpprof.history=10m (or JPPROF_HISTORY=10m)"
            : "jpprof: history is not being kept now: jpprof's collectors are stopped");
      }
      if (window.compareTo(r.keep) > 0) {
        throw new HistoryUnavailableException("jpprof: history keeps the last " + goDuration(r.keep) + "; seconds="
            + asked + " reaches back further (ask for seconds=" + r.keep.toSeconds() + " or less)");
      }
      Instant to = Instant.now();
      Instant from = to.minus(window);
      if (from.isBefore(r.started)) {
        Duration kept = Duration.between(r.started, to);
        throw new HistoryUnavailableException("jpprof: history has been kept for " + goDuration(kept)
            + " only; seconds=" + asked + " reaches back further (ask for seconds=" + kept.toSeconds() + " or less)");
      }
      Instant earliest = dumpAndParse(r, from, to, handlers);
      if (earliest == null || Duration.between(from, earliest).toMillis() > TICK_SLACK_MILLIS) {
        Duration kept = earliest == null ? Duration.ZERO : Duration.between(earliest, to);
        throw new HistoryUnavailableException("jpprof: the oldest history kept is from " + goDuration(kept)
            + " ago (JFR dropped older data at the disk bound of " + MAX_SIZE_MB + " MB); seconds=" + asked
            + " reaches back further (ask for seconds=" + kept.toSeconds() + " or less)");
      }
      return new Window(from, to);
    }
  }

  /** Dumps the recording to a private directory, parses the window, deletes both; the earliest tick. */
  private Instant dumpAndParse(Run r, Instant from, Instant to, Map<String, Consumer<RecordedEvent>> handlers)
      throws IOException, HistoryUnavailableException {
    Path dir = Files.createTempDirectory("jpprof-history");
    Path file = dir.resolve("history.jfr");
    try {
      if (JvmShutdown.inProgress()) {
        throw new HistoryUnavailableException("jpprof: history is not being kept now: the JVM is exiting");
      }
      try {
        r.recording.dump(file);
      } catch (IllegalStateException e) {
        throw new HistoryUnavailableException("jpprof: history is not being kept now: jpprof's collectors are stopped");
      }
      Instant[] earliest = {null};
      try (EventStream events = EventStream.openFile(file)) {
        // chunks that ended before the window are skipped unread; the tick just before it is kept
        events.setStartTime(from.minusSeconds(2));
        events.setReuse(true);
        events.setOrdered(false);
        events.onEvent(HistoryTick.NAME, e -> {
          if (earliest[0] == null || e.getStartTime().isBefore(earliest[0])) {
            earliest[0] = e.getStartTime();
          }
        });
        handlers.forEach((name, handler) -> events.onEvent(name, e -> {
          Instant t = e.getEndTime();
          if (!t.isBefore(from) && !t.isAfter(to)) {
            handler.accept(e);
          }
        }));
        events.start(); // a file stream returns at its end
      }
      return earliest[0];
    } finally {
      Files.deleteIfExists(file);
      Files.deleteIfExists(dir);
    }
  }

  /** Starting a to-disk recording while another records finishes the current chunk. */
  private static void finishChunk() {
    try (Recording r = new Recording()) {
      r.setName("jpprof: history chunk");
      r.setToDisk(true);
      r.start();
    }
  }

  private static void apply(Recording r, String event, Map<String, String> settings) {
    var s = r.enable(event);
    settings.forEach(s::with);
  }

  /** Go's {@code time.Duration.String} for whole seconds: {@code 10m0s}, {@code 1h0m0s}, {@code 45s}. */
  static String goDuration(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return s / 60 + "m" + s % 60 + "s";
    }
    return s / 3600 + "h" + s % 3600 / 60 + "m" + s % 60 + "s";
  }
}
