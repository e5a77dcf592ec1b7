package io.jpprof.internal.heap;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpprof.internal.profile.Frame;
import io.jpprof.internal.profile.ProfileData;
import io.jpprof.internal.profile.Sample;
import io.jpprof.internal.profile.Stack;
import io.jpprof.internal.profile.ValueType;
import io.jpprof.internal.text.StackText;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure pieces: Go's heap text grammar, the histogram parser, descriptor names. */
class HeapTextTest {
  private static final Stack A = Stack.of(List.of(Frame.of("com.example.A", "a", "A.java", 3)));
  private static final Stack B = Stack.of(List.of(Frame.of("com.example.B", "b", "B.java", 7)));

  private static ProfileData profile(Sample... samples) {
    ProfileData.Builder b = ProfileData.builder(HeapProfile.TYPES.toArray(ValueType[]::new))
        .periodType(new ValueType("space", "bytes"))
        .comment("how it was estimated");
    for (Sample s : samples) {
      b.add(s);
    }
    return b.build();
  }

  @Test
  void recordsSortedByInuseBytesWithHeaderTotalsAndTrailer() {
    String text = new String(HeapText.write(
        profile(new Sample(A, 10, 1000, 1, 100), new Sample(B, 5, 500, 4, 400), new Sample(A, 1, 24, 0, 0)),
        List.of("HeapUsed = 1", "MaxRSS = 2")), StandardCharsets.UTF_8);
    assertThat(text).startsWith("heap profile: 5: 500 [16: 1524] @ heap/2\n"
        + "# truncated: 0 of 1524 bytes allocated, 0 of 500 bytes in use in stacks cut at JFR's stack depth"
        + " (root frame [truncated]; -XX:FlightRecorderOptions:stackdepth=N raises it)\n# how it was estimated\n"
        + "4: 400 [5: 500] " + StackText.addresses(B) + "\n#\t");
    assertThat(text).contains("\n1: 100 [11: 1024] " + StackText.addresses(A) + "\n");
    assertThat(text).endsWith("\n# java.lang.management\n# HeapUsed = 1\n# MaxRSS = 2\n");
  }

  @Test
  void allocBytesEqualToInuseBytesIsPrintedOneHigher() {
    String text = new String(HeapText.write(profile(new Sample(A, 1, 100, 1, 100)), List.of()),
        StandardCharsets.UTF_8);
    assertThat(text).startsWith("heap profile: 1: 100 [1: 101] @ heap/2\n");
  }

  @Test
  void histogramParsesRowsAndDropsFillers() {
    String text = " num     #instances         #bytes  class name (module)\n"
        + "-------------------------------------------------------\n"
        + "   1:       6011075      769948608  [B (java.base@17.0.15)\n"
        + "   2:            10      220000000  [Ljdk.internal.vm.FillerElement; (java.base@25)\n"
        + "   3:       4000000       96000000  Histo$Node\n"
        + "Total      12045680      939419152\n";
    Map<String, ClassHistogram.Entry> classes = ClassHistogram.parse(text);
    assertThat(classes).containsOnlyKeys("[B", "Histo$Node");
    assertThat(classes.get("[B")).isEqualTo(new ClassHistogram.Entry(6011075, 769948608));
  }

  @Test
  void liveSampleSizes() {
    assertThat(ObjectSizes.sizeOf(new OldObjectSnapshot.Live(A, "[B", -1, 1008))).isEqualTo(1024);
    assertThat(ObjectSizes.sizeOf(new OldObjectSnapshot.Live(A, "[J", -1, 3))).isEqualTo(40);
    assertThat(ObjectSizes.sizeOf(new OldObjectSnapshot.Live(A, "[Ljava.lang.Object;", -1, 4))).isEqualTo(32);
    assertThat(ObjectSizes.sizeOf(new OldObjectSnapshot.Live(A, "java.lang.Object", 16, -1))).isEqualTo(16);
    assertThat(ObjectSizes.sizeOf(new OldObjectSnapshot.Live(A, "java.lang.Object", -1, -1))).isEqualTo(-1);
  }
}
