package io.jpprof;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpprof.fixtures.BlockedThreads;
import io.jpprof.fixtures.PprofValidator;
import io.jpprof.internal.Collectors;
import io.jpprof.internal.profile.Clock;
import io.jpprof.internal.profile.DeltaScraper;
import io.jpprof.internal.profile.Deltas;
import io.jpprof.internal.profile.ProfileData;
import io.jpprof.internal.profile.ProtoWriter;
import io.jpprof.proto.ProfileProto;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/** Deltas ({@link Deltas#between} of two snapshots) and scrape deltas on real and custom profiles. */
class ProfileDeltaTest {
  @Test
  void goroutineDeltaShowsOnlyTheThreadsBlockedInsideTheWindow() throws Exception {
    Profile goroutine = Profile.lookup("goroutine");
    try (BlockedThreads before = BlockedThreads.start("delta-before", 20)) {
      long start = Clock.nowNanos();
      ProfileData first = Collectors.process().profiles().source(goroutine.name()).collect();
      ProfileData second;
      try (BlockedThreads inside = BlockedThreads.start("delta-inside", 30)) {
        second = Collectors.process().profiles().source(goroutine.name()).collect();
      }
      ProfileProto.Profile p =
          PprofValidator.parse(ProtoWriter.toGzip(Deltas.between(first, start, second, start + 500_000_000L)));
      assertThat(valueAt(p, BlockedThreads.METHOD)).isEqualTo(30);
      assertThat(p.getDurationNanos()).isEqualTo(500_000_000L);
    }
  }

  @Test
  void customProfilesHaveDeltasAndScrapesThroughTheApi() throws Exception {
    Profile custom = Profile.newProfile("test.delta.custom");
    custom.add("before", 0);
    DeltaScraper scraper = new DeltaScraper();
    ByteArrayOutputStream first = new ByteArrayOutputStream();
    ProtoWriter.write(scraper.scrape(Collectors.process().profiles().source(custom.name())::collect), first);
    assertThat(PprofValidator.parse(first.toByteArray()).getSampleCount()).isEqualTo(1);

    ProfileData windowStart = Collectors.process().profiles().source(custom.name()).collect();
    custom.remove("before");
    ProfileProto.Profile p =
        PprofValidator.parse(ProtoWriter.toGzip(Deltas.between(windowStart, 0, Collectors.process().profiles().source(custom.name()).collect(), 1)));
    assertThat(p.getSampleList()).singleElement().satisfies(s -> assertThat(s.getValue(0)).isEqualTo(-1));

    ByteArrayOutputStream second = new ByteArrayOutputStream();
    ProtoWriter.write(scraper.scrape(Collectors.process().profiles().source(custom.name())::collect), second);
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
