package io.jpprof;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpprof.fixtures.BlockedThreads;
import io.jpprof.fixtures.PprofValidator;
import io.jpprof.internal.profile.DeltaScraper;
import io.jpprof.internal.profile.ProfileSnapshots;
import io.jpprof.internal.profile.ProfileView;
import io.jpprof.proto.ProfileProto;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ProfileSnapshots#writeDelta} and {@link ProfileSnapshots#writeScrapeDelta} on real and custom profiles. */
class ProfileDeltaTest {
  @Test
  void goroutineDeltaShowsOnlyTheThreadsBlockedInsideTheWindow() throws Exception {
    List<BlockedThreads> started = new ArrayList<>();
    try (BlockedThreads before = BlockedThreads.start("delta-before", 20)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ProfileSnapshots.writeDelta(
              Profile.lookup("goroutine"),
              out,
              Duration.ofMillis(500),
              ProfileView.DEFAULT,
              () -> {
                if (started.isEmpty()) { // the first beat: the first snapshot is taken
                  started.add(BlockedThreads.start("delta-inside", 30));
                }
              });
      ProfileProto.Profile p = PprofValidator.parse(out.toByteArray());
      assertThat(valueAt(p, BlockedThreads.METHOD)).isEqualTo(30);
      assertThat(p.getDurationNanos()).isGreaterThanOrEqualTo(500_000_000L);
    } finally {
      started.forEach(BlockedThreads::close);
    }
  }

  @Test
  void customProfilesHaveDeltasAndScrapesThroughTheApi() throws Exception {
    Profile custom = Profile.newProfile("test.delta.custom");
    custom.add("before", 0);
    DeltaScraper scraper = new DeltaScraper();
    ByteArrayOutputStream first = new ByteArrayOutputStream();
    ProfileSnapshots.writeScrapeDelta(custom, first, scraper, ProfileView.DEFAULT);
    assertThat(PprofValidator.parse(first.toByteArray()).getSampleCount()).isEqualTo(1);

    ByteArrayOutputStream delta = new ByteArrayOutputStream();
    ProfileSnapshots.writeDelta(custom, delta, Duration.ZERO, ProfileView.DEFAULT, () -> custom.remove("before"));
    ProfileProto.Profile p = PprofValidator.parse(delta.toByteArray());
    assertThat(p.getSampleList()).singleElement().satisfies(s -> assertThat(s.getValue(0)).isEqualTo(-1));

    ByteArrayOutputStream second = new ByteArrayOutputStream();
    ProfileSnapshots.writeScrapeDelta(custom, second, scraper, ProfileView.DEFAULT);
    assertThat(PprofValidator.parse(second.toByteArray()).getSampleCount()).as("a count that fell: left out").isZero();
  }

  /** The summed first value of the samples whose leaf-most Java frame is {@code function}. */
  private static long valueAt(ProfileProto.Profile p, String function) {
    long sum = 0;
    for (ProfileProto.Sample s : p.getSampleList()) {
      for (long locId : s.getLocationIdList()) {
        ProfileProto.Location loc = p.getLocation((int) locId - 1);
        boolean hit = loc.getLineList().stream()
            .anyMatch(l -> p.getStringTable((int) p.getFunction((int) l.getFunctionId() - 1).getName()).equals(function));
        if (hit) {
          sum += s.getValue(0);
          break;
        }
      }
    }
    return sum;
  }
}
