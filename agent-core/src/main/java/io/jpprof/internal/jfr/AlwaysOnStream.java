package io.jpprof.internal.jfr;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one long-lived, in-process JFR stream that feeds jpprof's always-on profiles (heap, allocs,
 * threadcreate, block and mutex), the way Go's runtime keeps those profiles from program start.
 *
 * <p>Sources {@link #subscribe} an event with its settings and a handler, once; subscriptions are
 * kept across runs. {@link #start} opens the stream on the daemon thread {@code jpprof-jfr} and
 * returns at once (opening JFR costs about 0.4 s on JDK 17); {@link #stop} closes it and waits for
 * that thread to end, after which no recording, thread or repository chunk of the stream is left.
 * A later {@link #start} opens a new stream with the same subscriptions. Only {@link
 * io.jpprof.internal.Collectors} starts and stops the stream. Its repository is bounded ({@link
 * #MAX_AGE}, {@link #MAX_SIZE}). If JFR cannot start, the failure is logged once per run and the
 * profiles stay empty.
 */
public final class AlwaysOnStream {
  /** How long the repository keeps chunks; events are consumed within about a second. */
  public static final Duration MAX_AGE = Duration.ofMinutes(1);

  /** The most disk the repository may use. */
  public static final long MAX_SIZE = 16L << 20;

  private static final Logger log = LoggerFactory.getLogger(AlwaysOnStream.class);
  private static final long STOP_TIMEOUT_MILLIS = 10_000;
  /** The longest jpprof's shutdown hook waits for its stream to close. */
  private static final long EXIT_CLOSE_MILLIS = 2_000;

  private record Subscription(Map<String, String> settings, Consumer<RecordedEvent> handler) {}

  /** One opening of the stream, from {@link #start} to {@link #stop}. */
  private static final class Run {
    final AtomicLong flushes = new AtomicLong();
    volatile long markerSeen;
    volatile long flushesAtMarker;
    Thread thread;
    RecordingStream stream; // set once open, under the class lock
    Thread shutdownHook;
    boolean running; // the first flush came
    boolean ended; // failed to open, or stopped
    boolean stopping;
  }

  /** Per event name; a later subscription of the same event replaces the settings. */
  private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
  private final AtomicLong markersSent = new AtomicLong();
  private Run run; // guarded by this

  /** A stream that is not open yet; {@link io.jpprof.internal.Collectors} makes the one the process uses. */
  public AlwaysOnStream() {}

  /**
   * Enables {@code event} with {@code settings} (such as {@code throttle}, {@code stackTrace},
   * {@code cutoff}) and calls {@code handler} for each such event on the stream's thread. Calling it
   * again for the same event replaces the settings (on the running stream too); a null {@code
   * handler} keeps the one already subscribed, so re-configuring adds no second handler. Does not
   * start the stream.
   */
  public synchronized void subscribe(
      String event, Map<String, String> settings, Consumer<RecordedEvent> handler) {
    Subscription old = subscriptions.get(event);
    Consumer<RecordedEvent> h = handler != null ? handler : old == null ? null : old.handler();
    Subscription s = new Subscription(Map.copyOf(settings), h);
    subscriptions.put(event, s);
    if (run != null && run.stream != null && !run.ended) {
      boolean newHandler = h != null && (old == null || old.handler() != h);
      apply(run.stream, event, s, newHandler);
      if (old != null && old.handler() != null && newHandler) {
        run.stream.remove(old.handler());
      }
    }
  }

  /** How many events are subscribed. */
  synchronized int subscriptionCount() {
    return subscriptions.size();
  }

  /** Starts the stream in the background unless it runs or is starting. Never blocks. */
  public synchronized void start() {
    if (run != null) {
      return;
    }
    Run r = new Run();
    r.thread = new Thread(() -> open(r), "jpprof-jfr");
    r.thread.setDaemon(true);
    run = r;
    r.thread.start();
  }

  /**
   * Closes the stream and waits until its thread has ended; does nothing when it does not run.
   * Subscriptions stay for the next {@link #start}.
   */
  public void stop() {
    Run r;
    RecordingStream s;
    synchronized (this) {
      r = run;
      if (r == null) {
        return;
      }
      run = null;
      r.stopping = true;
      s = r.stream;
      notifyAll();
    }
    if (s != null) {
      closeQuietly(s); // the thread's s.start() returns
    }
    try {
      r.thread.join(STOP_TIMEOUT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (r.thread.isAlive()) {
      log.warn("jpprof: the JFR stream thread did not end within {} ms", STOP_TIMEOUT_MILLIS);
    }
    removeHook(r);
  }

  /** True once the stream records events. */
  public synchronized boolean isRunning() {
    return run != null && run.running && !run.ended;
  }

  /**
   * Waits until the stream runs; false on timeout, or when it could not start or was stopped.
   *
   * @throws InterruptedException when interrupted while waiting
   */
  public boolean awaitRunning(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (this) {
      while (true) {
        if (run != null && run.ended) {
          return false;
        }
        if (run != null && run.running) {
          return true;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        wait(left / 1_000_000 + 1);
      }
    }
  }

  /**
   * Waits until every event recorded before this call has been handed to the handlers (JFR
   * flushes about once a second): commits a {@link FlushMarker} and waits for it to come back,
   * then for the end of the flush that carried it. False on timeout, or when the stream does not
   * run.
   *
   * @throws InterruptedException when interrupted while waiting
   */
  public boolean awaitFlush(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    if (!awaitRunning(timeout)) {
      return false;
    }
    Run r;
    synchronized (this) {
      r = run;
    }
    if (r == null) {
      return false;
    }
    long sequence = markersSent.incrementAndGet();
    FlushMarker marker = new FlushMarker();
    marker.sequence = sequence;
    marker.commit();
    // Events of other threads recorded before the marker are in its flush or an earlier one; the
    // flush that delivered the marker has been handed over completely at the next flush callback.
    while (r.markerSeen < sequence || r.flushes.get() <= r.flushesAtMarker) {
      if (System.nanoTime() > deadline || r.ended) {
        return false;
      }
      Thread.sleep(10);
    }
    return true;
  }

  /**
   * Runs on the daemon thread "jpprof-jfr": opens the stream, then dispatches its events there
   * ({@code start()}, not {@code startAsync()}: JFR's own dispatch thread is not a daemon and would
   * keep the JVM from exiting). Returns when the stream is closed.
   */
  private void open(Run r) {
    RecordingStream s = null;
    try {
      s = new RecordingStream();
      s.setMaxAge(MAX_AGE);
      s.setMaxSize(MAX_SIZE);
      s.setReuse(true);
      s.setOrdered(false);
      s.onFlush(() -> {
        r.flushes.incrementAndGet();
        markRunning(r); // recording for sure: the first flush came
      });
      s.enable(FlushMarker.class);
      s.onEvent("io.jpprof.FlushMarker", e -> {
        r.flushesAtMarker = r.flushes.get();
        r.markerSeen = Math.max(r.markerSeen, e.getLong("sequence"));
      });
      synchronized (this) {
        if (r.stopping) {
          s.close();
          return;
        }
        for (Map.Entry<String, Subscription> e : subscriptions.entrySet()) {
          apply(s, e.getKey(), e.getValue(), true);
        }
        r.stream = s;
        RecordingStream toClose = s;
        r.shutdownHook = new Thread(() -> closeAtExit(toClose), "jpprof-jfr-stop");
        Runtime.getRuntime().addShutdownHook(r.shutdownHook);
      }
      log.debug("jpprof: always-on JFR stream starting");
      s.start(); // returns when the stream is closed
    } catch (RuntimeException | Error e) {
      if (!r.stopping) {
        log.warn("jpprof: cannot run the JFR stream; heap, allocs, block, mutex and threadcreate stay empty", e);
      }
      if (s != null) {
        closeQuietly(s);
      }
    } finally {
      synchronized (this) {
        r.ended = true;
        notifyAll();
      }
    }
  }

  private void markRunning(Run r) {
    synchronized (this) {
      if (!r.running) {
        r.running = true;
        notifyAll();
      }
    }
  }

  private static void apply(RecordingStream s, String event, Subscription sub, boolean withHandler) {
    if (s == null) {
      return;
    }
    var settings = s.enable(event);
    sub.settings().forEach(settings::with);
    if (withHandler && sub.handler() != null) {
      s.onEvent(event, sub.handler());
    }
  }

  private void removeHook(Run r) {
    Thread hook;
    synchronized (this) {
      hook = r.shutdownHook;
      r.shutdownHook = null;
    }
    if (hook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // the JVM is shutting down; the hook runs or ran
      }
    }
  }

  /**
   * At JVM exit: closes the stream, waiting at most {@link #EXIT_CLOSE_MILLIS}. Closing takes JFR's
   * recorder lock, which a recording started during exit (after JFR's own hook stopped the
   * recorder) can hold for ever; the JVM waits for every hook, so this one must not wait for ever.
   */
  private static void closeAtExit(RecordingStream s) {
    Thread closer = new Thread(() -> closeQuietly(s), "jpprof-jfr-close");
    closer.setDaemon(true);
    closer.start();
    try {
      closer.join(EXIT_CLOSE_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(RecordingStream s) {
    try {
      s.close();
    } catch (RuntimeException e) {
      // shutting down: the JVM's own JFR hook may have closed it first
    }
  }
}
