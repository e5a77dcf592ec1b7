package io.jpprof.internal.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.jpprof.Labels;
import io.jpprof.Profile;
import io.jpprof.fixtures.GoPprof;
import io.jpprof.fixtures.LabelledWork;
import io.jpprof.fixtures.PprofValidator;
import io.jpprof.fixtures.TopReport;
import io.jpprof.internal.Collectors;
import io.jpprof.internal.profile.ProfileData;
import io.jpprof.internal.profile.ProtoWriter;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Profiler labels on CPU samples, read back through {@code go tool pprof}: two labelled routes
 * doing 70/30 of the CPU split 70/30 under {@code -tagfocus}; samples taken in a route's method
 * carry the route (scopes of 1–6 ms, so hundreds of boundaries a second); a scope open before the
 * profile started and after it ended labels its samples too. On platform and virtual threads.
 */
class LabelledCpuProfileTest {
  /** 4 ms samples and ~5 s of CPU: about 1,250 samples, so the 70/30 split is known to ±3.9 points (3 σ). */
  private static final int HZ = 250;
  private static final Duration CPU_BUDGET = Duration.ofSeconds(5);

  private static final Labels A = Labels.of("route", "a");
  private static final Labels B = Labels.of("route", "b");
  private static final Labels OPEN = Labels.of("route", "open");

  private static final LabelledWork.Labeller LABELLER = (route, body) ->
      Profile.doWithLabels(route.equals("a") ? A : route.equals("b") ? B : OPEN, body);

  /**
   * The default engine on platform and (JDK 21+) virtual threads, and execution samples on platform
   * threads where they are not the default.
   */
  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    cases.add(Arguments.of(CpuEngine.best(), false));
    if (LabelledWork.virtualThreadsSupported()) {
      cases.add(Arguments.of(CpuEngine.best(), true));
    }
    if (CpuEngine.best() != CpuEngine.EXECUTION_SAMPLE) {
      cases.add(Arguments.of(CpuEngine.EXECUTION_SAMPLE, false));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}, virtual={1}")
  @MethodSource("cases")
  void routesSplitSeventyThirtyAndSamplesCarryTheirScopesLabels(CpuEngine engine, boolean virtual) throws Exception {
    // one virtual worker: two CPU-bound ones would hold both carriers and starve the open scope's thread
    int threads = virtual ? 1 : 2;
    LabelledWork.split(threads, virtual, Duration.ofMillis(300), Duration.ofSeconds(2), LABELLER); // JIT warm-up
    ProfileData profile;
    LabelledWork.Truth truth;
    try (LabelledWork.OpenScope open = LabelledWork.openScope(virtual, LABELLER)) {
      CpuProfiler.Session session = Collectors.process().cpu().start(HZ, engine);
      try {
        truth = LabelledWork.split(threads, virtual, CPU_BUDGET, Duration.ofSeconds(30), LABELLER);
      } finally {
        profile = session.stop();
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ProtoWriter.write(profile, out);
    PprofValidator.parse(out.toByteArray());
    Path file = GoPprof.tempFile("labelled-cpu", out.toByteArray());

    double a = focused(file, "cpu", "route=^a$", null);
    double b = focused(file, "cpu", "route=^b$", null);
    double aShare = a / (a + b) * 100;
    double burnA = focused(file, "cpu", null, LabelledWork.BURN_A);
    double burnB = focused(file, "cpu", null, LabelledWork.BURN_B);
    assertThat(aShare).as("the labels' split vs the profile's own split of burnA/burnB (%s, virtual=%s)", engine, virtual)
        .isCloseTo(burnA / (burnA + burnB) * 100, within(1.0));
    assertThat(aShare).as("route=a share of a+b CPU (truth %.1f%%), %s, virtual=%s", truth.aShare() * 100, engine, virtual)
        .isCloseTo(truth.aShare() * 100, within(5.0));

    for (String[] c : new String[][] {{LabelledWork.BURN_A, "a"}, {LabelledWork.BURN_B, "b"}, {LabelledWork.BURN_OPEN, "open"}}) {
      double all = focused(file, "samples", null, c[0]);
      double labelled = focused(file, "samples", "route=^" + c[1] + "$", c[0]);
      assertThat(all).as("samples in %s", c[0]).isGreaterThan(20);
      assertThat(labelled / all * 100).as("%% of %s samples labelled route=%s (%s of %s), virtual=%s",
          c[0], c[1], labelled, all, virtual).isGreaterThanOrEqualTo(95.0);
    }
  }

  /** The cum value of {@code function} (or the total) in {@code sampleIndex}, with {@code -tagfocus}. */
  private static double focused(Path file, String sampleIndex, String tagfocus, String function) {
    List<String> args = new ArrayList<>(List.of("-top", "-nodefraction=0", "-sample_index=" + sampleIndex));
    if (tagfocus != null) {
      args.add("-tagfocus=" + tagfocus);
    }
    args.add(file.toString());
    TopReport top = TopReport.parse(GoPprof.run(args.toArray(String[]::new)).ok());
    if (function == null) {
      return top.shown();
    }
    TopReport.Row row = top.row(function);
    return row == null ? 0 : row.cum();
  }
}
