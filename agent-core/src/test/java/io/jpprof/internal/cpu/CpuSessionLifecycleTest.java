package io.jpprof.internal.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.jpprof.fixtures.CpuWork;
import io.jpprof.fixtures.GoPprof;
import io.jpprof.fixtures.Recordings;
import io.jpprof.fixtures.TopReport;
import io.jpprof.internal.Collectors;
import io.jpprof.internal.profile.ProfileData;
import io.jpprof.internal.profile.ProtoWriter;
import java.time.Duration;
import java.util.List;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;

/**
 * A CPU profile, stopped or abandoned, leaves no recording and no thread behind once its stream
 * is closed; while jpprof's collectors run, consecutive profiles read one stream kept open.
 */
class CpuSessionLifecycleTest {
  @Test
  void stoppedAndAbortedProfilesLeaveNoRecordingOrThread() {
    Collectors.process().cpu().closeIdle();
    assertThat(cpuRecordings()).isEmpty();
    for (int i = 0; i < 6; i++) {
      CpuProfiler.Session s = Collectors.process().cpu().start(100);
      if (i % 2 == 0) {
        s.close(); // the client went away, at once after the start
      } else {
        assertThat(s.stop().samples()).isNotNull();
      }
      assertThat(Collectors.process().cpu().active()).isFalse();
      Collectors.process().cpu().closeIdle(); // kept open while the collectors run (some earlier test may hold them)
      // (other recordings, such as the heap's old-object sampler, come and go on their own schedule)
      assertThat(cpuRecordings()).isEmpty();
      assertThat(readers()).isEmpty();
    }
  }

  /**
   * Under a lease (as a server holds), three profiles in a row, on and off the same stream: each
   * has its own window's samples at its rate and split (the stream is not re-opened, and nothing is
   * sampled between windows), and closing the collectors closes the stream.
   */
  @Test
  void profilesUnderTheCollectorsShareOneStreamUntilTheyStop() throws Exception {
    Collectors.process().cpu().closeIdle();
    Collectors.Lease lease = Collectors.process().acquire();
    try {
      CpuWork.split(2, Duration.ofMillis(500));
      Thread reader = null;
      for (int i = 0; i < 3; i++) {
        CpuProfiler.Session s = Collectors.process().cpu().start(CpuProfiler.GO_HZ);
        CpuWork.Split truth;
        ProfileData profile;
        try {
          truth = CpuWork.split(2, Duration.ofSeconds(3));
        } finally {
          profile = s.stop();
        }
        List<Thread> now = readers();
        assertThat(now).as("profile %d", i).hasSize(1);
        if (reader != null) {
          assertThat(now.get(0)).as("the stream of profile %d", i).isSameAs(reader);
        }
        reader = now.get(0);
        assertThat(cpuRecordings()).as("profile %d", i).hasSize(1);
        TopReport top = TopReport.parse(
            GoPprof.run("-top", GoPprof.tempFile("cpu-warm", ProtoWriter.toGzip(profile)).toString()).ok());
        double hot = top.row(CpuWork.HOT).cum();
        double cold = top.row(CpuWork.COLD).cum();
        // the split itself is CpuProfileTest's; here: each window has its own samples, at its rate
        // (JDK 25's CPU-time samples read this fixture a few points high on a loaded machine)
        assertThat(100 * hot / (hot + cold)).as("profile %d\n%s", i, top)
            .isCloseTo(truth.hotShare() * 100, within(10.0));
        // at its rate: 100 per second of the CPU the threads got (on a loaded machine less than 6 s)
        long samples = profile.samples().stream().mapToLong(x -> x.value(0)).sum();
        double cpuSeconds = profile.samples().stream().mapToLong(x -> x.value(1)).sum() / 1e9;
        assertThat((double) samples).as("samples of profile %d for %.2f s of CPU at 100 Hz", i, cpuSeconds)
            .isBetween(50 * cpuSeconds, 150 * cpuSeconds);
        Thread.sleep(1500); // between windows: nothing is sampled, so nothing lands in the next
      }
    } finally {
      lease.close();
    }
    Collectors.process().cpu().closeIdle(); // the lease closed the stream unless another test holds the collectors
    assertThat(readers()).isEmpty();
    assertThat(cpuRecordings()).isEmpty();
  }

  /** The recordings of CPU streams: the only ones with the CPU profile's end marker enabled. */
  static List<Recording> cpuRecordings() {
    return FlightRecorder.getFlightRecorder().getRecordings().stream()
        .filter(r -> "true".equals(r.getSettings().get(Recordings.CPU_PROFILE_END + "#enabled"))).toList();
  }

  private static List<Thread> readers() {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("jpprof-cpu-profile")).toList();
  }
}
