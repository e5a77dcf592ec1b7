package io.jpprof.internal.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpprof.internal.Collectors;
import io.jpprof.internal.profile.Frame;
import io.jpprof.internal.profile.ProfileData;
import io.jpprof.internal.profile.Sample;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A live CPU profile at 100 Hz raises JFR's rate while history keeps samples at 10 Hz: history
 * still counts a busy thread at 10 Hz (execution samples are thinned back to one per 100 ms slot:
 * at most 10 per second of the busy phase), and its CPU is the thread's measured CPU time, read
 * once a second, whatever the rate or the machine's load.
 */
class CpuHistoryTest {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static volatile long sink;

  @Test
  void aFasterLiveProfileMeanwhileDoesNotInflateHistory() throws Exception {
    Collectors.process().history().configure(Duration.ofMinutes(1));
    Collectors.process().cpuHistory().subscribe();
    Collectors.process().history().start();
    try {
      long started = System.nanoTime();
      Thread.sleep(500);
      long[] cpu = new long[2];
      Thread busy = new Thread(() -> {
        long t0 = THREADS.getCurrentThreadCpuTime();
        long w0 = System.nanoTime();
        spinInHistoryTest(3_000);
        cpu[0] = THREADS.getCurrentThreadCpuTime() - t0;
        cpu[1] = System.nanoTime() - w0;
        try {
          Thread.sleep(1_500); // alive until history's next reading of its CPU time
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "history-busy");
      CpuProfiler.Session live = Collectors.process().cpu().start(100);
      busy.start();
      busy.join();
      live.stop();
      Thread.sleep(300);
      Duration window = Duration.ofNanos(System.nanoTime() - started).minusMillis(200);
      ProfileData profile = Collectors.process().cpuHistory().profile(window);

      long samples = 0;
      long nanos = 0;
      for (Sample s : profile.samples()) {
        if (s.stack().frames().stream().map(Frame::functionName)
            .anyMatch(n -> n.endsWith("CpuHistoryTest.spinInHistoryTest"))) {
          samples += s.value(0);
          nanos += s.value(1);
        }
      }
      assertThat(profile.period()).isEqualTo(100_000_000L);
      assertThat(samples).as("samples of the busy thread in %s", profile.samples()).isPositive();
      if (CpuEngine.best() == CpuEngine.EXECUTION_SAMPLE) {
        // unthinned, the live profile's 100 Hz would put ~10 samples in each slot
        assertThat(samples).as("samples in %d ms", cpu[1] / 1_000_000).isLessThanOrEqualTo(cpu[1] / 100_000_000L + 2);
      }
      // measured per thread, to the second: the thread lived inside the window
      assertThat(nanos).as("history CPU vs measured %d ns", cpu[0])
          .isBetween(cpu[0] * 7 / 10, cpu[0] * 13 / 10 + 200_000_000L);
    } finally {
      Collectors.process().history().stop();
      Collectors.process().history().configure(null);
    }
  }

  private static void spinInHistoryTest(long millis) {
    long end = System.nanoTime() + millis * 1_000_000;
    long x = sink;
    while (System.nanoTime() < end) {
      for (int i = 0; i < 10_000; i++) {
        x = x * 6364136223846793005L + 1442695040888963407L;
      }
    }
    sink = x;
  }
}
