package io.jpprof.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpprof.fixtures.EndpointLoad;
import io.jpprof.fixtures.Recordings;
import io.jpprof.internal.Collectors;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The short form of the load run (the long one: bench's EndpointLoadBench, figures in
 * docs/benchmarks.md): 100 clients for 10 s over every endpoint, 5% long requests. Identical
 * requests share a collection, so every short request must be served, none turned away with 503.
 */
class LoadTest {
  private static final Logger log = LoggerFactory.getLogger(LoadTest.class);

  @Test
  void everyAnswerIsExpectedAndTheIndexStaysResponsive() throws Exception {
    try (Pprof.Server s = Pprof.start(0)) {
      assertThat(Collectors.process().stream().awaitRunning(Duration.ofSeconds(10))).isTrue(); // started in the background
      int recordings = Recordings.perRequest().size();
      long heapBefore = usedHeapAfterGc();
      EndpointLoad.Result r = EndpointLoad.run(s.url(), 100, Duration.ofSeconds(10), 0.05);
      log.info("load (100 clients x 10 s): {}", r);
      assertThat(r.connectionErrors()).as(r.toString()).isZero();
      assertThat(r.unexpected()).as(r.toString()).isZero();
      assertThat(r.requests()).isGreaterThan(20);
      // generous: CI machines are small and shared; measured figures are in docs/benchmarks.md
      assertThat(r.indexP99Millis()).as(r.toString()).isLessThan(10_000);
      long deadline = System.nanoTime() + 10_000_000_000L;
      while ((Collectors.process().tracer().active() || Recordings.perRequest().size() > recordings)
          && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(Recordings.perRequest()).hasSize(recordings);
      // collections still queued when the clients stopped (up to 256 may wait, some building
      // ~10 MB texts) finish after the load; what must not stay is anything once they have
      long heapAfter = usedHeapAfterGc();
      long settle = System.nanoTime() + 30_000_000_000L;
      while (heapAfter - heapBefore >= 32L << 20 && System.nanoTime() < settle) {
        Thread.sleep(1000);
        heapAfter = Math.min(heapAfter, usedHeapAfterGc());
      }
      log.info("heap used after GC: before {} MB, after {} MB", heapBefore >> 20, heapAfter >> 20);
      assertThat(heapAfter - heapBefore).as("heap growth once the backlog has drained").isLessThan(64L << 20);
    }
  }

  /** The least of a few readings: a GC also starts jpprof's short-lived old-object refresh. */
  private static long usedHeapAfterGc() throws InterruptedException {
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      least = Math.min(least, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
      Thread.sleep(200);
    }
    return least;
  }
}
