package io.jpprof.internal.jfr;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpprof.internal.Collectors;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AlwaysOnStreamTest {
  @Test
  void changingAThresholdReconfiguresTheSubscriptionsWithoutAddingAny() {
    Collectors.process().contention().subscribe();
    int subscriptions = Collectors.process().stream().subscriptionCount();
    Duration before = Collectors.process().contention().blockThreshold();
    try {
      for (int i = 0; i < 100; i++) {
        Collectors.process().contention().setBlockThreshold(Duration.ofMillis(1 + i % 20));
        Collectors.process().contention().setMutexThreshold(Duration.ofMillis(1 + i % 13));
      }
      assertThat(Collectors.process().stream().subscriptionCount()).isEqualTo(subscriptions);
    } finally {
      Collectors.process().contention().setBlockThreshold(before);
      Collectors.process().contention().setMutexThreshold(before);
    }
  }
}
