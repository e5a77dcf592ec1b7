package io.jpprof.internal.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpprof.fixtures.DeepStacks;
import io.jpprof.fixtures.GoPprof;
import io.jpprof.fixtures.PprofValidator;
import io.jpprof.internal.Collectors;
import io.jpprof.internal.profile.ProfileData;
import io.jpprof.internal.profile.ProtoWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A stack deeper than JFR's default depth (64 frames) is cut: its root frame is {@code
 * [truncated]}, as {@code go tool pprof -traces} shows, and the profile's comment gives the share.
 */
class TruncatedStacksTest {
  @Test
  void aRecursionDeeperThanJfrsDepthEndsInTruncatedAtTheRoot() throws Exception {
    CpuProfiler.Session session = Collectors.process().cpu().start(100);
    ProfileData profile;
    try {
      DeepStacks.run(30, Duration.ofSeconds(1)); // shallow: whole stacks
      DeepStacks.run(200, Duration.ofSeconds(1)); // deep: cut
    } finally {
      profile = session.stop();
    }
    byte[] gz = ProtoWriter.toGzip(profile);
    PprofValidator.parse(gz);
    Path file = GoPprof.tempFile("cpu-deep", gz);
    String traces = GoPprof.run("-traces", file.toString()).ok();
    int whole = 0;
    int cut = 0;
    for (List<String> trace : GoPprof.traces(traces)) {
      if (trace.isEmpty() || !trace.get(0).equals(DeepStacks.SPIN)) {
        continue;
      }
      long descents = trace.stream().filter(DeepStacks.DESCEND::equals).count();
      String root = trace.get(trace.size() - 1);
      if (descents > 60) {
        assertThat(root).as("root of a stack with %d descents\n%s", descents, traces).isEqualTo("[truncated]");
        assertThat(trace).doesNotContain(DeepStacks.ROOT);
        cut++;
      } else {
        assertThat(trace).as("a stack of 30 descents is whole\n%s", traces).contains(DeepStacks.ROOT).doesNotContain("[truncated]");
        whole++;
      }
    }
    assertThat(cut).as(traces).isPositive();
    assertThat(whole).as(traces).isPositive();
    assertThat(GoPprof.run("-comments", file.toString()).ok()).containsPattern("truncated: [1-9][0-9]* of [1-9][0-9]* samples");
  }
}
