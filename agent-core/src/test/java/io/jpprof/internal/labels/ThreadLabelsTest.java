package io.jpprof.internal.labels;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpprof.internal.profile.Label;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** One registry of every thread's labels: scopes nest and restore, other threads see them, registries are apart. */
class ThreadLabelsTest {
  @SuppressWarnings("deprecation") // Thread.threadId() is 19+
  private static long id(Thread t) {
    return t.getId();
  }

  @Test
  void scopesMergeAndRestoreAndAreSeenFromOtherThreads() throws Exception {
    ThreadLabels threads = new ThreadLabels(null);
    LabelSet route = LabelSet.of("route", "/checkout", "tenant", "7");
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread worker = new Thread(() -> {
      LabelSet before = threads.enter(route);
      LabelSet inner = threads.enter(LabelSet.of("route", "/pay"));
      inside.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      threads.exit(inner);
      assertThat(threads.current()).isSameAs(route);
      threads.exit(before);
    });
    worker.start();
    inside.await();
    try {
      Map<Long, LabelSet> seen = threads.byThread();
      assertThat(seen).containsOnlyKeys(id(worker));
      assertThat(seen.get(id(worker)).pprofLabels()).containsExactly(Label.of("route", "/pay"), Label.of("tenant", "7"));
      assertThat(new ThreadLabels(null).byThread()).as("another registry").isEmpty();
      assertThat(threads.current()).as("this thread's labels").isSameAs(LabelSet.EMPTY);
    } finally {
      release.countDown();
      worker.join();
    }
    assertThat(threads.byThread()).as("after the scopes closed").isEmpty();
  }

  @Test
  void theEventEncodingReadsBack() {
    LabelSet l = LabelSet.of("k:1", "a:b", "", "x");
    assertThat(LabelSet.decode(l.encoded())).isEqualTo(l.pprofLabels());
    assertThat(LabelSet.EMPTY.encoded()).isEmpty();
  }
}
