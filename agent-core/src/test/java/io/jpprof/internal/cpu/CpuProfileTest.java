package io.jpprof.internal.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.jpprof.Profile;
import io.jpprof.fixtures.CpuWork;
import io.jpprof.fixtures.GoPprof;
import io.jpprof.fixtures.PprofValidator;
import io.jpprof.fixtures.TopReport;
import io.jpprof.internal.Collectors;
import io.jpprof.internal.profile.ProfileData;
import io.jpprof.internal.profile.ProfileView;
import io.jpprof.internal.profile.ProtoWriter;
import io.jpprof.proto.ProfileProto;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Accuracy of the CPU profile against workloads with measured truth, read back through {@code go
 * tool pprof -top}; on every engine this JVM has (execution samples everywhere, CPU-time samples
 * on JDK 25+ Linux).
 */
class CpuProfileTest {
  private static final int HZ = 200;

  /**
   * The engine a profile uses on this JVM: execution samples on 17–24, CPU-time samples on 25+.
   * (Execution samples on 25 are only the fallback; they can read the two-thread split up to
   * 6 points off on a loaded machine.)
   */
  static Stream<CpuEngine> defaultEngine() {
    return Stream.of(CpuEngine.best());
  }

  static Stream<CpuEngine> engines() {
    return CpuEngine.best() == CpuEngine.CPU_TIME_SAMPLE
        ? Stream.of(CpuEngine.EXECUTION_SAMPLE, CpuEngine.CPU_TIME_SAMPLE)
        : Stream.of(CpuEngine.EXECUTION_SAMPLE);
  }

  @ParameterizedTest
  @MethodSource("defaultEngine")
  void seventyThirtySplitOnOneThread(CpuEngine engine) throws Exception {
    assertSplit(engine, 1);
  }

  @ParameterizedTest
  @MethodSource("defaultEngine")
  void seventyThirtySplitOnTwoThreads(CpuEngine engine) throws Exception {
    assertSplit(engine, 2);
  }

  /**
   * The default rate (lower than Go's, for cost: 25 Hz with execution samples, 50 Hz with CPU-time
   * samples) still attributes the split within 5 points, given a window long enough for its
   * samples (10 s on two threads: 500 or 1000 samples on a quiet machine; fewer when the threads
   * get less CPU, and then the bound widens to what that many samples can tell, see below).
   */
  @Test
  void seventyThirtySplitAtTheDefaultRate() throws Exception {
    assertSplit(CpuEngine.best(), 2, CpuProfiler.defaultHz(), Duration.ofSeconds(10));
  }

  private static void assertSplit(CpuEngine engine, int threads) throws Exception {
    assertSplit(engine, threads, HZ, Duration.ofSeconds(4));
  }

  private static void assertSplit(CpuEngine engine, int threads, int hz, Duration window) throws Exception {
    CpuWork.split(threads, Duration.ofMillis(500)); // warm-up: JIT-compile the workload first
    CpuProfiler.Session session = Collectors.process().cpu().start(hz, engine);
    CpuWork.Split truth;
    ProfileData profile;
    try {
      truth = CpuWork.split(threads, window);
    } finally {
      profile = session.stop();
    }
    Path file = GoPprof.tempFile("cpu", validated(profile));
    TopReport top = TopReport.parse(GoPprof.run("-top", file.toString()).ok());
    double hot = top.row(CpuWork.HOT).cum();
    double cold = top.row(CpuWork.COLD).cum();
    double measured = hot / (hot + cold);
    // a share read from n samples is binomial: 3 standard deviations, and never tighter than 5 points
    long n = profile.samples().stream().mapToLong(s -> s.value(0)).sum();
    double bound = Math.max(5.0, 300 * Math.sqrt(truth.hotShare() * (1 - truth.hotShare()) / Math.max(1, n)));
    assertThat(measured * 100).as("hot share, %s at %d Hz on %d threads, %d samples; truth %.1f%%\n%s", engine, hz,
        threads, n, truth.hotShare() * 100, top).isCloseTo(truth.hotShare() * 100, within(bound));
  }

  @ParameterizedTest
  @MethodSource("engines")
  void eachThreadsCpuMatchesItsMeasuredCpuTime(CpuEngine engine) throws Exception {
    CpuWork.busyAndBursty(Duration.ofMillis(300)).close();
    CpuProfiler.Session session = Collectors.process().cpu().start(CpuProfiler.defaultHz(), engine);
    CpuWork.PerThread truth;
    ProfileData profile;
    try {
      truth = CpuWork.busyAndBursty(Duration.ofSeconds(4));
    } finally {
      profile = session.stop();
    }
    truth.close();
    Path file = GoPprof.tempFile("cpu-threads", validated(new ProfileView(true, false).apply(profile)));
    for (Map.Entry<String, Long> t : truth.cpuNanos().entrySet()) {
      TopReport top = TopReport.parse(GoPprof.run("-top", "-nodefraction=0",
          "-focus=" + Pattern.quote("[thread: " + t.getKey() + "]"), file.toString()).ok());
      assertThat(top.shown()).as("%s (%s) cpu", t.getKey(), engine)
          .isCloseTo(t.getValue(), within(t.getValue() * 0.15));
    }
  }

  @Test
  void totalIsTheProcessCpuTimeOfTheWindow() throws Exception {
    CpuWork.split(2, Duration.ofMillis(300));
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long before = os.getProcessCpuTime();
    CpuProfiler.Session session = Collectors.process().cpu().start(CpuProfiler.defaultHz());
    ProfileData profile;
    try {
      CpuWork.split(2, Duration.ofSeconds(3));
    } finally {
      profile = session.stop();
    }
    long process = os.getProcessCpuTime() - before;
    TopReport top = TopReport.parse(GoPprof.run("-top", GoPprof.tempFile("cpu-total", validated(profile)).toString()).ok());
    assertThat(top.total()).isCloseTo(process, within(process * 0.10));
  }

  @Test
  void profileHasGosTypesNoThreadLabelAndTheEngineInAComment() throws Exception {
    CpuProfiler.Session session = Collectors.process().cpu().start(CpuProfiler.defaultHz());
    ProfileData profile;
    try {
      CpuWork.split(1, Duration.ofSeconds(1));
    } finally {
      profile = session.stop();
    }
    ProfileProto.Profile p = PprofValidator.parse(validated(profile));
    List<String> s = p.getStringTableList();
    assertThat(s.get((int) p.getSampleType(0).getType())).isEqualTo("samples");
    assertThat(s.get((int) p.getSampleType(0).getUnit())).isEqualTo("count");
    assertThat(s.get((int) p.getSampleType(1).getType())).isEqualTo("cpu");
    assertThat(s.get((int) p.getSampleType(1).getUnit())).isEqualTo("nanoseconds");
    assertThat(s.get((int) p.getPeriodType().getType())).isEqualTo("cpu");
    // the period states the default rate: 50 Hz with CPU-time samples, 25 Hz with execution samples
    assertThat(p.getPeriod()).isEqualTo(1_000_000_000L / CpuProfiler.defaultHz());
    assertThat(p.getPeriod()).isEqualTo(CpuEngine.best() == CpuEngine.CPU_TIME_SAMPLE ? 20_000_000L : 40_000_000L);
    assertThat(p.getDurationNanos()).isBetween(900_000_000L, 3_000_000_000L);
    assertThat(p.getCommentList()).extracting(i -> s.get(i.intValue())).anyMatch(c -> c.contains("jdk."));
    assertThat(p.getSampleList()).allMatch(sample -> sample.getLabelCount() == 0);
    assertThat(s).noneMatch(str -> str.contains("split-0"));
    assertThat(PprofValidator.parse(validated(new ProfileView(true, false).apply(profile))).getStringTableList())
        .contains("[thread: split-0]");
  }

  @Test
  void apiRejectsASecondStartWithGosMessageAndStopWritesTheProfile() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Profile.startCpuProfile(out);
    try {
      assertThatThrownBy(() -> Profile.startCpuProfile(new ByteArrayOutputStream()))
          .isInstanceOf(IllegalStateException.class).hasMessage("cpu profiling already in use");
      assertThatThrownBy(() -> Collectors.process().cpu().start(100)).hasMessage("cpu profiling already in use");
    } finally {
      Profile.stopCpuProfile();
    }
    PprofValidator.parse(out.toByteArray());
    Profile.stopCpuProfile(); // no-op when not profiling
  }

  @Test
  void closingASessionLeavesNoRecordingRunning() {
    Collectors.process().cpu().closeIdle(); // an earlier test's stream, kept open while some test holds the collectors
    assertThat(CpuSessionLifecycleTest.cpuRecordings()).isEmpty();
    CpuProfiler.Session session = Collectors.process().cpu().start(CpuProfiler.defaultHz());
    assertThat(CpuSessionLifecycleTest.cpuRecordings()).hasSize(1);
    session.close();
    session.close();
    Collectors.process().cpu().closeIdle(); // kept open when the collectors run (an earlier test may hold their lease)
    assertThat(CpuSessionLifecycleTest.cpuRecordings()).isEmpty();
    assertThat(Collectors.process().cpu().active()).isFalse();
  }

  private static byte[] validated(ProfileData profile) throws IOException {
    byte[] gz = ProtoWriter.toGzip(profile);
    PprofValidator.parse(gz);
    return gz;
  }
}
