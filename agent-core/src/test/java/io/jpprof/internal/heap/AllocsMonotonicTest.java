package io.jpprof.internal.heap;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpprof.fixtures.GoPprof;
import io.jpprof.fixtures.LiveHeap;
import io.jpprof.internal.Collectors;
import io.jpprof.internal.profile.ProfileData;
import io.jpprof.internal.profile.ProtoWriter;
import io.jpprof.internal.profile.Sample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A stack's alloc_* never decreases between two snapshots, so no delta is negative. */
class AllocsMonotonicTest {
  @Test
  void consecutiveAllocsSnapshotsUnderChurnNeverGoDown() throws Exception {
    Collectors.process().heap().startSampling();
    assertThat(Collectors.process().stream().awaitRunning(Duration.ofSeconds(20))).isTrue();
    try (LiveHeap churn = new LiveHeap(0, 44_000_000, 8L << 20, 0)) {
      List<ProfileData> snapshots = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        Thread.sleep(700);
        snapshots.add(Collectors.process().heap().allocs().collect());
      }
      for (int i = 1; i < snapshots.size(); i++) {
        ProfileData delta = ProfileData.delta(snapshots.get(i - 1), snapshots.get(i));
        for (Sample s : delta.samples()) {
          assertThat(s.value(0)).as("alloc_objects of %s", s.stack()).isNotNegative();
          assertThat(s.value(1)).as("alloc_space of %s", s.stack()).isNotNegative();
        }
      }
      String top = GoPprof.run("-top", "-nodefraction=0", "-sample_index=alloc_space", "-base",
          GoPprof.tempFile("allocs1", ProtoWriter.toGzip(snapshots.get(0))).toString(),
          GoPprof.tempFile("allocs2", ProtoWriter.toGzip(snapshots.get(snapshots.size() - 1))).toString()).ok();
      assertThat(top).as(top).doesNotContainPattern("(?m)^\\s*-[\\d.]+\\w*B\\s");
      assertThat(top).contains(LiveHeap.CHURN);
    }
  }
}
