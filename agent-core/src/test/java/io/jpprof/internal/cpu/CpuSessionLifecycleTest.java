package io.jpprof.internal.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.jpprof.fixtures.CpuWork;
import io.jpprof.fixtures.GoPprof;
import io.jpprof.fixtures.TopReport;
import io.jpprof.internal.Collectors;
import io.jpprof.internal.profile.ProfileData;
import io.jpprof.internal.profile.ProtoWriter;
import java.time.Duration;
import java.util.List;
import jdk.jfr.FlightRecorder;
import org.junit.jupiter.api.Test;

/**
 * A CPU profile, stopped or abandoned, leaves no recording and no thread behind once its stream
 * is closed; while jpprof's collectors run, consecutive profiles read one stream kept open.
 */
class CpuSessionLifecycleTest {
  @Test
  void stoppedAndAbortedProfilesLeaveNoRecordingOrThread() {
    CpuProfiler.closeIdle();
    int recordings = FlightRecorder.getFlightRecorder().getRecordings().size();
    for (int i = 0; i < 6; i++) {
      CpuProfiler.Session s = CpuProfiler.start(100);
      if (i % 2 == 0) {
        s.close(); // the client went away, at once after the start
      } else {
        assertThat(s.stop().samples()).isNotNull();
      }
      assertThat(CpuProfiler.active()).isFalse();
      CpuProfiler.closeIdle(); // kept open while the collectors run (some earlier test may hold them)
      long deadline = System.nanoTime() + 3_000_000_000L; // a stream may still be closing its recording
      while (FlightRecorder.getFlightRecorder().getRecordings().size() > recordings && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(FlightRecorder.getFlightRecorder().getRecordings()).hasSize(recordings);
      assertThat(readers()).isEmpty();
    }
  }

  /**
   * Under a lease (as a server holds), three profiles in a row, on and off the same stream: each
   * attributes its own window's split (the stream is not re-opened, and no sample of one window
   * lands in the next), and closing the collectors closes the stream.
   */
  @Test
  void profilesUnderTheCollectorsShareOneStreamUntilTheyStop() throws Exception {
    CpuProfiler.closeIdle();
    int recordings = FlightRecorder.getFlightRecorder().getRecordings().size();
    Collectors.Lease lease = Collectors.acquire();
    try {
      CpuWork.split(2, Duration.ofMillis(500));
      Thread reader = null;
      for (int i = 0; i < 3; i++) {
        CpuProfiler.Session s = CpuProfiler.start(CpuProfiler.GO_HZ);
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
        TopReport top = TopReport.parse(
            GoPprof.run("-top", GoPprof.tempFile("cpu-warm", ProtoWriter.toGzip(profile)).toString()).ok());
        double hot = top.row(CpuWork.HOT).cum();
        double cold = top.row(CpuWork.COLD).cum();
        assertThat(100 * hot / (hot + cold)).as("profile %d\n%s", i, top)
            .isCloseTo(truth.hotShare() * 100, within(5.0));
        Thread.sleep(1500); // between windows: nothing is sampled, so nothing lands in the next
      }
    } finally {
      lease.close();
    }
    CpuProfiler.closeIdle(); // the lease closed the stream unless another test holds the collectors
    assertThat(readers()).isEmpty();
    assertThat(FlightRecorder.getFlightRecorder().getRecordings()).hasSizeLessThanOrEqualTo(recordings + 1);
  }

  private static List<Thread> readers() {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("jpprof-cpu-profile")).toList();
  }
}
