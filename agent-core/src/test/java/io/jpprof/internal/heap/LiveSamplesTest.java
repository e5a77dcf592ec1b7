package io.jpprof.internal.heap;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpprof.internal.profile.Frame;
import io.jpprof.internal.profile.Stack;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Samples that left the JVM's full queue: evicted (kept, remembered) or dead (dropped). */
class LiveSamplesTest {
  private static final Stack CACHE = Stack.of(List.of(Frame.of("app.Cache", "put", "Cache.java", 10)));
  private static final Stack RING = Stack.of(List.of(Frame.of("app.Requests", "keep", "Requests.java", 20)));
  private static final Stack GONE = Stack.of(List.of(Frame.of("app.Batch", "load", "Batch.java", 30)));

  private static OldObjectSnapshot.Live sample(Stack stack, long size, long atNanos) {
    return new OldObjectSnapshot.Live(stack, "byte[]", size, -1, 1, atNanos, atNanos);
  }

  @Test
  void aSampleNoLargerThanEverySampleOfItsSiteThatStayedWasEvictedNotDead() {
    ObjectSizes sizes = new ObjectSizes();
    long[] ringSizes = {3900, 700, 2500, 120, 1800, 3100, 90, 2200, 1500, 400};
    List<OldObjectSnapshot.Live> cache = new ArrayList<>();
    List<OldObjectSnapshot.Live> ring = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      cache.add(sample(CACHE, 1024, 1_000 + i)); // a static set: one size, kept for good
      ring.add(sample(RING, ringSizes[i], 2_000 + i)); // a ring of random sizes: the oldest die first
    }
    // the queue filled and evicted the cache's 4 oldest samples (its smallest, oldest first among
    // equals); the ring's 4 oldest died; the batch's only sample died
    List<OldObjectSnapshot.Live> now = new ArrayList<>();
    now.addAll(cache.subList(4, 10));
    now.addAll(ring.subList(4, 10));
    LiveSamples.SmallestSamples smallest = new LiveSamples.SmallestSamples(now, sizes);
    for (int i = 0; i < 4; i++) {
      assertThat(smallest.evictable(cache.get(i), 1024)).as("cache sample %d", i).isTrue();
      OldObjectSnapshot.Live dead = ring.get(i);
      assertThat(smallest.evictable(dead, dead.objectSize())).as("ring sample %d", i).isFalse();
    }
    // a site with no sample left: nothing tells an eviction from a death
    assertThat(smallest.evictable(sample(GONE, 64, 3_000), 64)).isFalse();
  }
}
