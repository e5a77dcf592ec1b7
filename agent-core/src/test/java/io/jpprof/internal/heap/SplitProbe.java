package io.jpprof.internal.heap;

import io.jpprof.fixtures.Allocations;
import io.jpprof.internal.Collectors;
import io.jpprof.internal.profile.ProfileData;
import io.jpprof.internal.profile.Sample;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** Measurement only: {@code -Dprobe=true}. */
@EnabledIfSystemProperty(named = "probe", matches = "true")
class SplitProbe {
  @Test
  void probe() throws Exception {
    Collectors.process().heap().startSampling();
    Collectors.process().stream().awaitRunning(Duration.ofSeconds(10));
    long bytes = Long.getLong("bytes", 8L << 30);
    int threads = Integer.getInteger("threads", 1);
    for (int run = 0; run < Integer.getInteger("runs", 5); run++) {
      ProfileData before = Collectors.process().heap().allocs().collect(); long ev0 = Collectors.process().heap().allocations.events();
      long t0 = System.nanoTime();
      long[] truth = new long[3];
      Thread[] ts = new Thread[threads];
      final int r = run;
      for (int t = 0; t < threads; t++) {
        final int tt = t;
        ts[t] = new Thread(() -> {
          long a0 = Allocations.threadAllocated();
          Allocations.Counted c = Allocations.mixedFor(Long.getLong("millis", 2500), r * 31L + tt + 100);
          long a1 = Allocations.threadAllocated();
          synchronized (truth) { truth[0] += c.a(); truth[1] += c.b(); truth[2] += a1 - a0; }
        });
        ts[t].start();
      }
      for (Thread t : ts) t.join();
      long ms = (System.nanoTime() - t0) / 1_000_000;
      Collectors.process().heap().awaitRecorded(Duration.ofSeconds(5)); Thread.sleep(Long.getLong("wait", 0));
      ProfileData d = ProfileData.delta(before, Collectors.process().heap().allocs().collect());
      long a = 0, b = 0, all = 0, ev = 0;
      for (Sample s : d.samples()) {
        String leaf = s.stack().frames().get(0).functionName();
        all += s.value(1);
        if (leaf.equals(Allocations.SITE_A)) a += s.value(1);
        if (leaf.equals(Allocations.SITE_B)) b += s.value(1);
      }
      System.out.printf("PROBE events=%d threads=%d ms=%d truthA=%.3f measuredA=%.3f sites/truth=%.3f all/tmx=%.3f%n",
          Collectors.process().heap().allocations.events() - ev0, threads, ms, (double) truth[0] / (truth[0] + truth[1]), (double) a / (a + b),
          (double) (a + b) / (truth[0] + truth[1]), (double) all / truth[2]);
    }
  }
}
