package io.jpprof.internal.wall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.jpprof.Labels;
import io.jpprof.Profile;
import io.jpprof.fixtures.GoPprof;
import io.jpprof.fixtures.PprofValidator;
import io.jpprof.fixtures.TopReport;
import io.jpprof.fixtures.WallWork;
import io.jpprof.internal.Collectors;
import io.jpprof.internal.profile.ProfileData;
import io.jpprof.internal.profile.ProfileView;
import io.jpprof.internal.profile.ProtoWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The wall-clock profile against a handler whose phases are timed (~60 % waiting on a socket and
 * sleeping, ~40 % computing), read back through {@code go tool pprof}, with idle pool threads
 * beside it.
 */
class WallProfilerTest {
  private static final Labels SLOW = Labels.of("route", "/slow");

  /** Dumps of the handler: 1,000, a few hundred requests' phases. */
  private static final int DUMPS = 1000;

  /**
   * When the cores are busy, a dump asked for during a compute phase waits for a core and can land
   * after the phase ended, so the CPU phase mostly reads low by about the delay over the phase's
   * length: within a point on a quiet machine, 6–9 points low at load averages of 10–30 on 2 cores.
   * Dumps come in runs inside one request's phases, so fewer are independent than the count says:
   * one JDK 25 run at a load average of 8 read 6.7 points high. So the CPU phase's bound is -10/+8
   * points, the off-CPU states' +10/-8.
   */
  @Test
  void handlersWallTimeSplitsSixtyForty() throws Exception {
    WallProfiler.Session session = Collectors.process().wall().start(WallProfiler.Options.defaults());
    WallWork.Truth truth;
    ProfileData profile;
    try {
      truth = WallWork.handler("wall-handler", Duration.ofSeconds(90), () -> session.dumps() >= DUMPS,
          (route, body) -> Profile.doWithLabels(SLOW, body));
    } finally {
      profile = session.stop();
    }
    Path file = file(profile);

    double handler = shown(file, "-tagfocus=route=^/slow$");
    double cpu = shown(file, "-tagfocus=route=^/slow$", "-focus=" + Pattern.quote(WallWork.CPU_PHASE));
    System.out.printf("wall split: CPU phase %.1f %% of the handler (truth %.1f %%)%n", cpu / handler * 100, truth.cpuShare() * 100);
    // without a key, -tagfocus's comma-separated "key:value" regexps must all match (AND)
    double running = shown(file, "-tagfocus=^route:/slow$,^state:running$");
    double offCpu = shown(file, "-tagfocus=^route:/slow$,^state:(sleeping|native)$");
    assertThat(handler).as("handler wall time").isGreaterThan(3e9);
    String context = String.format(" (truth %.1f%%, %s)", truth.cpuShare() * 100, profile.comments());
    assertThat(cpu / handler * 100).as("CPU phase share of the handler's wall time" + context)
        .isBetween(truth.cpuShare() * 100 - 10, truth.cpuShare() * 100 + 8);
    assertThat(running / handler * 100).as("state=running share" + context)
        .isBetween(truth.cpuShare() * 100 - 10, truth.cpuShare() * 100 + 8);
    assertThat(offCpu / handler * 100).as("state=sleeping|native share" + context)
        .isBetween(100 - truth.cpuShare() * 100 - 8, 100 - truth.cpuShare() * 100 + 10);
    assertThat(shown(file, "-tagfocus=state=^sleeping$", "-focus=" + Pattern.quote(WallWork.SLEEP_PHASE))).isGreaterThan(0.15 * handler);
    assertThat(shown(file, "-tagfocus=state=^native$", "-focus=" + Pattern.quote(WallWork.IO_PHASE))).isGreaterThan(0.15 * handler);
  }

  @Test
  void idlePoolThreadsAreLeftOutUnlessAskedForAndThreadsFilterByName() throws Exception {
    ExecutorService pool = WallWork.idlePool(20);
    ProfileData filtered;
    ProfileData withIdle;
    ProfileData onlyOne;
    try {
      WallProfiler.Session a = Collectors.process().wall().start(WallProfiler.Options.defaults());
      WallProfiler.Session b = Collectors.process().wall().start(new WallProfiler.Options(WallProfiler.DEFAULT_HZ, null, true));
      WallProfiler.Session c = Collectors.process().wall().start(
          new WallProfiler.Options(WallProfiler.DEFAULT_HZ, Pattern.compile("^idle-pool-1$"), true));
      long deadline = System.nanoTime() + 30_000_000_000L;
      while ((a.dumps() < 5 || b.dumps() < 5 || c.dumps() < 5) && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      filtered = a.stop();
      withIdle = b.stop();
      onlyOne = c.stop();
    } finally {
      pool.shutdownNow();
    }
    ProfileView byThread = new ProfileView(true, false);
    assertThat(GoPprof.run("-traces", file(byThread.apply(filtered)).toString()).ok()).as("default: idle left out")
        .doesNotContain("idle-pool").doesNotContain("Reference Handler").doesNotContain("jpprof-wall-profile");
    assertThat(GoPprof.run("-traces", file(byThread.apply(withIdle)).toString()).ok()).as("idle=true")
        .contains("[thread: idle-pool-0]", "[thread: idle-pool-19]", "[thread: Reference Handler]");
    assertThat(GoPprof.run("-traces", file(byThread.apply(onlyOne)).toString()).ok()).as("threads=^idle-pool-1$")
        .contains("[thread: idle-pool-1]").doesNotContain("idle-pool-2").doesNotContain("[thread: main]");
    assertThat(GoPprof.run("-tags", file(withIdle).toString()).ok()).as("no thread names by default")
        .contains("state").doesNotContain("idle-pool");
  }

  private static Path file(ProfileData p) throws Exception {
    byte[] gz = ProtoWriter.toGzip(p);
    PprofValidator.parse(gz);
    return GoPprof.tempFile("wall", gz);
  }

  private static double shown(Path file, String... flags) {
    return top(file, flags).shown();
  }

  private static TopReport top(Path file, String... flags) {
    List<String> args = new ArrayList<>(List.of("-top", "-nodefraction=0", "-sample_index=wall"));
    args.addAll(List.of(flags));
    args.add(file.toString());
    return TopReport.parse(GoPprof.run(args.toArray(String[]::new)).ok());
  }
}
