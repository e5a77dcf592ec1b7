package io.jpprof.internal.contention;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpprof.internal.Collectors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ContentionRecorderTest {
  /**
   * Setting the threshold is an atomic swap: each value set is returned as "previous" by exactly
   * one later call (or is the final value), however many threads set it at once.
   */
  @Test
  void concurrentThresholdChangesNeverLoseOrRepeatAValue() throws InterruptedException {
    Duration original = Collectors.process().contention().setBlockThreshold(Duration.ofNanos(-1));
    int threads = 4;
    int perThread = 500;
    ConcurrentLinkedQueue<Duration> previous = new ConcurrentLinkedQueue<>();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int base = t * perThread;
      Thread w = new Thread(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i = 0; i < perThread; i++) {
          previous.add(Collectors.process().contention().setBlockThreshold(Duration.ofNanos(1_000_000 + base + i)));
        }
      });
      w.start();
      workers.add(w);
    }
    go.countDown();
    for (Thread w : workers) {
      w.join();
    }
    Duration last = Collectors.process().contention().setBlockThreshold(original);
    Set<Duration> seen = new HashSet<>(previous);
    seen.add(last);
    assertThat(previous).hasSize(threads * perThread);
    assertThat(seen).as("every value set was handed back once, plus the initial one")
        .hasSize(threads * perThread + 1).contains(Duration.ofNanos(-1));
  }
}
