package io.jpprof.internal.heap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.jpprof.fixtures.GoPprof;
import io.jpprof.fixtures.PprofValidator;
import io.jpprof.fixtures.TopReport;
import io.jpprof.fixtures.TypedAllocations;
import io.jpprof.internal.Collectors;
import io.jpprof.internal.profile.ProfileData;
import io.jpprof.internal.profile.ProfileView;
import io.jpprof.internal.profile.ProtoWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Allocated types as leaf frames ({@code types=1}): a {@code byte[]} site and a {@code Long} site
 * told apart by type through {@code go tool pprof -top}, each type's bytes within 25 % of what the
 * sites allocated; without the view the profile has no type, as frame or label.
 */
class AllocatedTypesTest {
  @Test
  void aByteArraySiteAndALongSiteAreToldApartByType() throws Exception {
    Collectors.process().heap().startSampling();
    assertThat(Collectors.process().stream().awaitRunning(Duration.ofSeconds(20))).isTrue();
    TypedAllocations.run(1000, 7); // compiled code is the subject
    assertThat(Collectors.process().heap().awaitRecorded(Duration.ofSeconds(10))).isTrue();
    ProfileData before = Collectors.process().heap().allocs().collect();
    TypedAllocations.Counted truth = TypedAllocations.run(3000, 8);
    assertThat(Collectors.process().heap().awaitRecorded(Duration.ofSeconds(10))).isTrue();
    ProfileData delta = ProfileData.delta(before, Collectors.process().heap().allocs().collect());

    String focus = "-focus=" + TypedAllocations.class.getName().replace(".", "\\.") + "\\.allocate";
    TopReport typed = top(new ProfileView(false, true).apply(delta), focus);
    TopReport.Row bytes = typed.row("byte[]");
    TopReport.Row longs = typed.row("java.lang.Long");
    String report = String.format("truth: byte[] %d B, Long %d B%n%s", truth.bytes(), truth.longs(), typed);
    System.out.println(report);
    assertThat(bytes).as(report).isNotNull();
    assertThat(longs).as(report).isNotNull();
    assertThat(bytes.flat()).as(report).isCloseTo(truth.bytes(), within(truth.bytes() * 0.25));
    assertThat(longs.flat()).as(report).isCloseTo(truth.longs(), within(truth.longs() * 0.25));
    // the types sit under their lines: the sites have no flat of their own
    assertThat(HeapProfileTest.row(typed, TypedAllocations.BYTES).flat()).as(report).isZero();

    TopReport plain = top(delta, focus);
    assertThat(plain.row("byte[]")).as(plain.toString()).isNull();
    assertThat(plain.row("java.lang.Long")).as(plain.toString()).isNull();
    assertThat(HeapProfileTest.row(plain, TypedAllocations.BYTES).flat()).as(plain.toString()).isPositive();
  }

  private static TopReport top(ProfileData profile, String focus) throws Exception {
    byte[] gz = ProtoWriter.toGzip(profile);
    PprofValidator.parse(gz);
    Path file = GoPprof.tempFile("types", gz);
    return TopReport.parse(GoPprof.run("-top", "-nodecount=1000", "-nodefraction=0", "-sample_index=alloc_space",
        focus, file.toString()).ok());
  }
}
