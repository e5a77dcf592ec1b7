package io.jpprof.internal.jfr;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one long-lived, in-process JFR stream that feeds jpprof's always-on profiles (heap, allocs,
 * and later threadcreate, block and mutex), the way Go's runtime keeps those profiles from program
 * start.
 *
 * <p>Sources {@link #subscribe} an event with its settings and an optional handler; {@link #start}
 * opens the stream on a daemon thread and returns at once (opening JFR costs about 0.4 s on JDK
 * 17). Subscriptions made after the start apply to the running stream. The stream's repository is
 * bounded ({@link #MAX_AGE}, {@link #MAX_SIZE}) and deleted when the stream closes, which happens at
 * JVM shutdown. If JFR is unavailable the failure is logged once and the profiles stay empty.
 */
public final class AlwaysOnStream {
  /** How long the repository keeps chunks; events are consumed within about a second. */
  public static final Duration MAX_AGE = Duration.ofMinutes(1);

  /** The most disk the repository may use. */
  public static final long MAX_SIZE = 16L << 20;

  private static final Logger log = LoggerFactory.getLogger(AlwaysOnStream.class);

  private record Subscription(String event, Map<String, String> settings, Consumer<RecordedEvent> handler) {}

  private static final List<Subscription> subscriptions = new ArrayList<>();
  private static final CountDownLatch started = new CountDownLatch(1);
  private static final AtomicLong flushes = new AtomicLong();
  private static final AtomicLong markersSent = new AtomicLong();
  private static volatile long markerSeen;
  private static volatile long flushesAtMarker;
  private static RecordingStream stream;
  private static boolean starting;
  private static volatile boolean failed;

  private AlwaysOnStream() {}

  /**
   * Enables {@code event} with {@code settings} (such as {@code throttle}, {@code stackTrace},
   * {@code cutoff}) and, unless {@code handler} is null, calls it for each such event on the
   * stream's thread. Does not start the stream.
   */
  public static synchronized void subscribe(
      String event, Map<String, String> settings, Consumer<RecordedEvent> handler) {
    Subscription s = new Subscription(event, Map.copyOf(settings), handler);
    subscriptions.add(s);
    if (stream != null) {
      apply(stream, s);
    }
  }

  /** Starts the stream in the background, once; later calls do nothing. Never blocks. */
  public static synchronized void start() {
    if (starting) {
      return;
    }
    starting = true;
    Thread t = new Thread(AlwaysOnStream::open, "jpprof-jfr");
    t.setDaemon(true);
    t.start();
  }

  /** True once the stream records events. */
  public static boolean isRunning() {
    return started.getCount() == 0 && !failed;
  }

  /**
   * Waits until the stream runs; false on timeout or when JFR could not start.
   *
   * @throws InterruptedException when interrupted while waiting
   */
  public static boolean awaitRunning(Duration timeout) throws InterruptedException {
    return started.await(timeout.toMillis(), TimeUnit.MILLISECONDS) && !failed;
  }

  /**
   * Waits until every event recorded before this call has been handed to the handlers (JFR
   * flushes about once a second): commits a {@link FlushMarker} and waits for it to come back,
   * then for the end of the flush that carried it. False on timeout, or when the stream does not
   * run.
   *
   * @throws InterruptedException when interrupted while waiting
   */
  public static boolean awaitFlush(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    if (!awaitRunning(timeout)) {
      return false;
    }
    long sequence = markersSent.incrementAndGet();
    FlushMarker marker = new FlushMarker();
    marker.sequence = sequence;
    marker.commit();
    // Events of other threads recorded before the marker are in its flush or an earlier one; the
    // flush that delivered the marker has been handed over completely at the next flush callback.
    while (markerSeen < sequence || flushes.get() <= flushesAtMarker) {
      if (System.nanoTime() > deadline || failed) {
        return false;
      }
      Thread.sleep(10);
    }
    return true;
  }

  /**
   * Runs on the daemon thread "jpprof-jfr": opens the stream, then dispatches its events there
   * ({@code start()}, not {@code startAsync()}: JFR's own dispatch thread is not a daemon and would
   * keep the JVM from exiting).
   */
  private static void open() {
    RecordingStream s = null;
    try {
      s = new RecordingStream();
      s.setMaxAge(MAX_AGE);
      s.setMaxSize(MAX_SIZE);
      s.setReuse(true);
      s.setOrdered(false);
      s.onFlush(() -> {
        flushes.incrementAndGet();
        started.countDown(); // recording for sure: the first flush came
      });
      s.enable(FlushMarker.class);
      s.onEvent("io.jpprof.FlushMarker", e -> {
        flushesAtMarker = flushes.get();
        markerSeen = Math.max(markerSeen, e.getLong("sequence"));
      });
      synchronized (AlwaysOnStream.class) {
        for (Subscription sub : subscriptions) {
          apply(s, sub);
        }
        stream = s;
      }
      RecordingStream toClose = s;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(toClose), "jpprof-jfr-stop"));
      log.debug("jpprof: always-on JFR stream starting");
      s.start();
    } catch (RuntimeException | Error e) {
      failed = true;
      log.warn("jpprof: cannot start the JFR stream; heap and allocs profiles stay empty", e);
      if (s != null) {
        closeQuietly(s);
      }
    } finally {
      started.countDown();
    }
  }

  private static void apply(RecordingStream s, Subscription sub) {
    var settings = s.enable(sub.event());
    sub.settings().forEach(settings::with);
    if (sub.handler() != null) {
      s.onEvent(sub.event(), sub.handler());
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
