package io.jpprof.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpprof.fixtures.PprofValidator;
import io.jpprof.proto.ProfileProto;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code profile?seconds=N} answers as Go's does, within milliseconds of N (continuous profilers
 * budget on it: Grafana Alloy asks for {@code seconds=14} every 15 s), and still holds the samples
 * of the window's last moments.
 */
class CpuProfileTimingTest {
  private static final String LATE = "jpprof-test-late-burner";

  @RegisterExtension static final TestServer SERVER = new TestServer();

  @Test
  void answersWithinHalfASecondOfTheWindowAndKeepsItsLastSamples() throws Exception {
    SERVER.http().get("/debug/pprof/profile?seconds=1"); // warms up JFR and the handler
    List<String> attempts = new ArrayList<>();
    for (int attempt = 0; attempt < 3; attempt++) {
      AtomicBoolean stop = new AtomicBoolean();
      // starts burning CPU 1.3 s into the 2 s window: only its last ~0.7 s
      Thread late = new Thread(() -> {
        sleep(1300);
        burn(stop);
      }, LATE);
      late.setDaemon(true);
      long t0 = System.nanoTime();
      late.start();
      RawHttp.Response r;
      try {
        r = SERVER.http().get("/debug/pprof/profile?seconds=2&bythread=1");
      } finally {
        stop.set(true);
      }
      long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      late.join(5_000);
      assertThat(r.status()).as(r.text()).isEqualTo(200);
      ProfileProto.Profile p = PprofValidator.parse(r.body());
      assertThat(samplesOfThread(p, LATE)).as("samples of the thread that ran in the window's last 0.7 s")
          .isPositive();
      attempts.add("answered after " + took + " ms, window " + p.getDurationNanos() / 1_000_000 + " ms");
      if (took <= 2_500) {
        return;
      }
    }
    // one answer late on a loaded machine can happen; three in a row mean the profile waited for
    // JFR's periodic flushes instead of ending at its window
    throw new AssertionError("profile?seconds=2 answered more than 2.5 s after the request every time: " + attempts);
  }

  /** The sample count (value 0) of the samples under the root frame {@code [thread: name]}. */
  private static long samplesOfThread(ProfileProto.Profile p, String name) {
    java.util.Map<Long, String> functions = new java.util.HashMap<>();
    p.getFunctionList().forEach(f -> functions.put(f.getId(), p.getStringTable((int) f.getName())));
    java.util.Map<Long, String> locations = new java.util.HashMap<>();
    p.getLocationList().forEach(l -> locations.put(l.getId(), functions.get(l.getLine(l.getLineCount() - 1).getFunctionId())));
    long sum = 0;
    for (ProfileProto.Sample s : p.getSampleList()) {
      String root = locations.get(s.getLocationId(s.getLocationIdCount() - 1));
      if (root.equals("[thread: " + name + "]")) {
        sum += s.getValue(0);
      }
    }
    return sum;
  }

  private static void burn(AtomicBoolean stop) {
    long x = 1;
    while (!stop.get()) {
      for (int i = 0; i < 100_000; i++) {
        x = x * 6364136223846793005L + 1442695040888963407L;
      }
    }
    if (x == 42) {
      System.out.print("");
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
