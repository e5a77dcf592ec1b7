package io.jpprof.internal.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import jdk.jfr.FlightRecorder;
import org.junit.jupiter.api.Test;

/** A CPU profile, stopped or abandoned, leaves no recording and no thread behind. */
class CpuSessionLifecycleTest {
  @Test
  void stoppedAndAbortedProfilesLeaveNoRecordingOrThread() {
    int recordings = FlightRecorder.getFlightRecorder().getRecordings().size();
    for (int i = 0; i < 6; i++) {
      CpuProfiler.Session s = CpuProfiler.start(100);
      if (i % 2 == 0) {
        s.close(); // the client went away, at once after the start
      } else {
        assertThat(s.stop().samples()).isNotNull();
      }
      assertThat(CpuProfiler.active()).isFalse();
      long deadline = System.nanoTime() + 3_000_000_000L; // a stream may still be closing its recording
      while (FlightRecorder.getFlightRecorder().getRecordings().size() > recordings && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(FlightRecorder.getFlightRecorder().getRecordings()).hasSize(recordings);
      assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("jpprof-cpu-profile"));
    }
  }
}
