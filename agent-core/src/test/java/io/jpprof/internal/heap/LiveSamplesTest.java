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

  private static OldObjectSnapshot.Live sample(Stack stack, long size, long atNanos) {
    return new OldObjectSnapshot.Live(stack, "byte[]", size, -1, 1, atNanos, atNanos);
  }

  @Test
  void aSampleWhoseSiteKeptAnOlderNoLargerOneWasEvictedNotDead() {
    ObjectSizes sizes = new ObjectSizes();
    List<OldObjectSnapshot.Live> before = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      before.add(sample(CACHE, 1024, 1_000 + i)); // a static set: same size, kept for good
      before.add(sample(RING, 512 + 100 * i, 2_000 + i)); // a ring: the oldest die first
    }
    // the queue filled and evicted the cache's samples 3, 5, 6 (its smallest, with others of the
    // same size); the ring's 4 oldest died
    List<OldObjectSnapshot.Live> now = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      if (i != 3 && i != 5 && i != 6) {
        now.add(before.get(2 * i));
      }
      if (i >= 4) {
        now.add(before.get(2 * i + 1));
      }
    }
    LiveSamples.OlderSamples older = new LiveSamples.OlderSamples(now, sizes);
    for (int i : new int[] {3, 5, 6}) {
      assertThat(older.outlived(before.get(2 * i), 1024)).as("cache sample %d", i).isTrue();
    }
    for (int i = 0; i < 4; i++) {
      OldObjectSnapshot.Live dead = before.get(2 * i + 1);
      assertThat(older.outlived(dead, dead.objectSize())).as("ring sample %d", i).isFalse();
    }
    // the cache's oldest sample has no older one: it may have died
    assertThat(older.outlived(before.get(0), 1024)).isFalse();
    // a sample larger than nothing older that stayed: a smaller one would have been evicted first
    assertThat(older.outlived(sample(CACHE, 512, 1_004), 512)).isFalse();
  }
}
