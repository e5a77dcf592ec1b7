package io.jpprof.internal.jfr;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpprof.internal.contention.ContentionRecorder;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AlwaysOnStreamTest {
  @Test
  void changingAThresholdReconfiguresTheSubscriptionsWithoutAddingAny() {
    ContentionRecorder.subscribe();
    int subscriptions = AlwaysOnStream.subscriptionCount();
    Duration before = ContentionRecorder.blockThreshold();
    try {
      for (int i = 0; i < 100; i++) {
        ContentionRecorder.setBlockThreshold(Duration.ofMillis(1 + i % 20));
        ContentionRecorder.setMutexThreshold(Duration.ofMillis(1 + i % 13));
      }
      assertThat(AlwaysOnStream.subscriptionCount()).isEqualTo(subscriptions);
    } finally {
      ContentionRecorder.setBlockThreshold(before);
      ContentionRecorder.setMutexThreshold(before);
    }
  }
}
