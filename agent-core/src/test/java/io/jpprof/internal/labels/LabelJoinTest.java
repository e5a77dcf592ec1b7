package io.jpprof.internal.labels;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpprof.internal.profile.Label;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.jfr.Event;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The join against a probe event that each thread commits inside its scopes: at every probe the
 * join must give the thread exactly the labels it had, once the join has started. The stream
 * begins recording seconds after the join is asked to start (a busy JVM's new stream), while
 * another stream already enables the label event (so "enabled" is no proof that this stream
 * records), and one thread's scope was open before the start and never changes (only the start's
 * snapshot knows it).
 */
@Timeout(60)
class LabelJoinTest {
  @Name("io.jpprof.test.LabelProbe")
  @StackTrace(false)
  static final class Probe extends Event {
    String route;
  }

  @Test
  void samplesCarryExactLabelsOnceAStreamThatStartedLateHasJoined() throws Exception {
    FlightRecorder.register(Probe.class);
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicBoolean checking = new AtomicBoolean(true);
    AtomicInteger checked = new AtomicInteger();
    AtomicInteger unlabelled = new AtomicInteger();
    List<String> wrong = new java.util.concurrent.CopyOnWriteArrayList<>();
    Thread switching = new Thread(() -> {
      while (running.get()) {
        for (String route : List.of("a", "b")) {
          LabelSet before = LabelScopes.enter(LabelSet.of("route", route));
          try {
            probe(route);
            sleepMillis(2);
            probe(route);
          } finally {
            LabelScopes.exit(before);
          }
        }
      }
    }, "label-join-switching");
    Thread open = new Thread(() -> {
      LabelSet before = LabelScopes.enter(LabelSet.of("route", "open"));
      try {
        while (running.get()) {
          probe("open");
          sleepMillis(5);
        }
      } finally {
        LabelScopes.exit(before);
      }
    }, "label-join-open");
    open.start();
    sleepMillis(50); // the open scope is entered before the join starts

    try (RecordingStream other = new RecordingStream(); RecordingStream stream = new RecordingStream()) {
      other.enable(LabelEvent.NAME);
      other.startAsync();
      assertThat(awaitEnabled()).as("the other stream enables the label event").isTrue();

      LabelJoin join = LabelJoin.attach(stream);
      stream.enable(Probe.class).withThreshold(Duration.ZERO);
      stream.onEvent("io.jpprof.test.LabelProbe", e -> {
        if (checking.get()) {
          check(e, join, checked, unlabelled, wrong);
        }
      });
      switching.start();
      CompletableFuture<Boolean> joined = CompletableFuture.supplyAsync(join::start);
      sleepMillis(2_500); // the stream records only now
      stream.startAsync();
      assertThat(joined.get(30, TimeUnit.SECONDS)).as("the stream saw a marker").isTrue();
      int atJoin = checked.get();
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (checked.get() < atJoin + 400 && System.nanoTime() < deadline) {
        sleepMillis(20);
      }
      checking.set(false); // after the stop, samples carry no labels
      join.stop();
    } finally {
      running.set(false);
      switching.join();
      open.join();
    }
    assertThat(wrong).as("probes whose thread's labels the join got wrong").isEmpty();
    assertThat(checked.get() - unlabelled.get()).as("probes after the join started").isGreaterThan(400);
  }

  private static void check(RecordedEvent e, LabelJoin join, AtomicInteger checked, AtomicInteger unlabelled,
      List<String> wrong) {
    List<Label> labels = join.at(e.getThread().getJavaThreadId());
    checked.incrementAndGet();
    if (labels.isEmpty() && unlabelled.get() == checked.get() - 1) {
      unlabelled.incrementAndGet(); // before the join's marker: every probe is inside a scope
      return;
    }
    List<Label> want = List.of(Label.of("route", e.getString("route")));
    if (!labels.equals(want) && wrong.size() < 10) {
      wrong.add(e.getThread().getJavaName() + " had " + labels + " at a probe of " + want);
    }
  }

  private static void probe(String route) {
    Probe p = new Probe();
    p.route = route;
    p.commit();
  }

  private static boolean awaitEnabled() {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!new LabelEvent().isEnabled()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      sleepMillis(5);
    }
    return true;
  }

  private static void sleepMillis(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
