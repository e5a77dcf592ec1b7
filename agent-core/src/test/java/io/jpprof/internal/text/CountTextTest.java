package io.jpprof.internal.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpprof.internal.profile.Addresses;
import io.jpprof.internal.profile.Frame;
import io.jpprof.internal.profile.Label;
import io.jpprof.internal.profile.ProfileData;
import io.jpprof.internal.profile.Sample;
import io.jpprof.internal.profile.Stack;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CountTextTest {
  // pprof's legacy count-profile parser (google/pprof profile/legacy_profile.go).
  private static final Pattern HEADER = Pattern.compile("^(\\w+) profile: total \\d+$");
  private static final Pattern RECORD = Pattern.compile("^\\d+ @( 0x[0-9a-f]+)+$");
  private static final Pattern FRAME =
      Pattern.compile("^#\t0x[0-9a-f]+\t+[^\t]+\\+0x0\t+[^\t]+:\\d+$");
  private static final Pattern LABELS = Pattern.compile("^# labels: \\{.*\\}$");

  private static final Frame RUN = Frame.of("ct.Worker", "run", "Worker.java", 42);
  private static final Frame SLEEP = Frame.of("ct.Worker", "sleepALongTimeWithAVeryLongMethodName", "Worker.java", 7);
  private static final Frame MAIN = Frame.of("ct.Main", "main", "Main.java", 3);

  private static String hex(long v) {
    return "0x" + Long.toHexString(v);
  }

  private static long addr(Frame... location) {
    return Addresses.of(List.of(location));
  }

  private static String text(ProfileData p) {
    return new String(CountText.write("goroutine", p), StandardCharsets.UTF_8);
  }

  @Test
  void fullOutputForOneStack() {
    ProfileData p =
        ProfileData.countProfile("goroutine")
            .add(new Sample(Stack.of(List.of(SLEEP, RUN)), 3))
            .build();
    String sleepAt = hex(addr(SLEEP));
    String runAt = hex(addr(RUN));
    assertThat(text(p))
        .isEqualTo(
            "goroutine profile: total 3\n"
                + "3 @ " + hex(addr(SLEEP) + 1) + " " + hex(addr(RUN) + 1) + "\n"
                // cells: "ct.Worker.sleepALongTimeWithAVeryLongMethodName+0x0" = 50 -> width 56,
                // "ct.Worker.run+0x0" = 17 -> 39 to pad -> 5 tabs
                + "#\t" + sleepAt + "\tct.Worker.sleepALongTimeWithAVeryLongMethodName+0x0\tct/Worker.java:7\n"
                + "#\t" + runAt + "\tct.Worker.run+0x0\t\t\t\t\tct/Worker.java:42\n"
                + "\n");
  }

  @Test
  void totalIsTheSumOfCountsAndRecordsAreSortedByCountThenKey() {
    Stack a = Stack.of(List.of(RUN));
    Stack b = Stack.of(List.of(MAIN));
    Stack c = Stack.of(List.of(SLEEP, RUN));
    ProfileData p =
        ProfileData.countProfile("goroutine")
            .add(new Sample(a, 2))
            .add(new Sample(b, 5))
            .add(new Sample(c, 2))
            .build();
    List<String> lines = text(p).lines().toList();
    assertThat(lines.get(0)).isEqualTo("goroutine profile: total 9");
    List<String> records = lines.stream().filter(l -> l.contains(" @")).toList();
    assertThat(records).hasSize(3);
    assertThat(records.get(0)).isEqualTo("5 @ " + hex(addr(MAIN) + 1));
    // ties by key "@ 0x…" ascending, as strings
    String ka = "@ " + hex(addr(RUN) + 1);
    String kc = "@ " + hex(addr(SLEEP) + 1) + " " + hex(addr(RUN) + 1);
    List<String> tied = ka.compareTo(kc) < 0 ? List.of("2 " + ka, "2 " + kc) : List.of("2 " + kc, "2 " + ka);
    assertThat(records.subList(1, 3)).isEqualTo(tied);
  }

  @Test
  void tiesWithLabelsAreOrderedByTheLabelsLine() {
    Stack s = Stack.of(List.of(MAIN));
    ProfileData p =
        ProfileData.countProfile("goroutine")
            .add(new Sample(s, new long[] {1}, List.of(Label.of("k", "b"))))
            .add(new Sample(s, new long[] {1}, List.of(Label.of("k", "a"), Label.of("a", "z"))))
            .add(new Sample(s, new long[] {1}, List.of()))
            .build();
    String at = "@ " + hex(addr(MAIN) + 1);
    String frame = "#\t" + hex(addr(MAIN)) + "\tct.Main.main+0x0\tct/Main.java:3\n";
    assertThat(text(p))
        .isEqualTo(
            "goroutine profile: total 3\n"
                + "1 " + at + "\n" + frame + "\n"
                + "1 " + at + "\n# labels: {\"a\":\"z\", \"k\":\"a\"}\n" + frame + "\n"
                + "1 " + at + "\n# labels: {\"k\":\"b\"}\n" + frame + "\n");
  }

  @Test
  void labelValuesAreGoQuoted() {
    ProfileData p =
        ProfileData.countProfile("goroutine")
            .add(new Sample(Stack.of(List.of(MAIN)), new long[] {1}, List.of(Label.of("q\"", "tab\tnl\n"))))
            .build();
    assertThat(text(p)).contains("\n# labels: {\"q\\\"\":\"tab\\tnl\\n\"}\n");
  }

  @Test
  void emptyStackPrintsBareAtAndZeroFrame() {
    ProfileData p =
        ProfileData.countProfile("threadcreate").add(new Sample(Stack.EMPTY, 4)).build();
    assertThat(new String(CountText.write("threadcreate", p), StandardCharsets.UTF_8))
        .isEqualTo("threadcreate profile: total 4\n4 @\n#\t0x0\n\n");
  }

  @Test
  void emptyProfileIsJustTheHeader() {
    assertThat(text(ProfileData.countProfile("goroutine").build())).isEqualTo("goroutine profile: total 0\n");
  }

  @Test
  void inlinedFramesShareOneAddress() {
    Frame inl = new Frame("ct.Inl", "callee", "Inl.java", 10, true);
    Frame outer = Frame.of("ct.Inl", "caller", "Inl.java", 20);
    ProfileData p =
        ProfileData.countProfile("goroutine").add(new Sample(Stack.of(List.of(inl, outer, MAIN)), 1)).build();
    long loc = Addresses.of(List.of(inl, outer));
    List<String> lines = text(p).lines().toList();
    assertThat(lines.get(1)).isEqualTo("1 @ " + hex(loc + 1) + " " + hex(addr(MAIN) + 1));
    assertThat(lines.get(2)).startsWith("#\t" + hex(loc) + "\tct.Inl.callee+0x0\t");
    assertThat(lines.get(3)).startsWith("#\t" + hex(loc) + "\tct.Inl.caller+0x0\t");
    assertThat(lines.get(4)).startsWith("#\t" + hex(addr(MAIN)) + "\tct.Main.main+0x0\t");
  }

  @Test
  void everyLineHasAShapePprofsLegacyParserAccepts() {
    Frame nested = Frame.of("ct.Outer$Inner", "call", null, 0);
    ProfileData p =
        ProfileData.countProfile("goroutine")
            .add(new Sample(Stack.of(List.of(SLEEP, RUN, MAIN)), new long[] {7}, List.of(Label.of("k", "v"))))
            .add(new Sample(Stack.of(List.of(nested, MAIN)), 2))
            .add(new Sample(Stack.of(List.of(MAIN)), 1))
            .build();
    String out = text(p);
    assertThat(out).endsWith("\n\n");
    List<String> lines = out.lines().toList();
    assertThat(lines.get(0)).matches(HEADER);
    assertThat(lines.get(0)).isEqualTo("goroutine profile: total 10");
    int records = 0;
    boolean expectRecord = true;
    for (String line : lines.subList(1, lines.size())) {
      if (expectRecord) {
        assertThat(line).matches(RECORD);
        records++;
        expectRecord = false;
      } else if (line.isEmpty()) {
        expectRecord = true;
      } else if (line.startsWith("# labels:")) {
        assertThat(line).matches(LABELS);
      } else {
        assertThat(line).matches(FRAME);
      }
    }
    assertThat(records).isEqualTo(3);
    assertThat(out).contains("\tct.Outer$Inner.call+0x0\t").contains("\tct/Outer.java:0\n");
  }

  @Test
  void recordAddressesAreOnePastTheFrameAddresses() {
    ProfileData p = ProfileData.countProfile("goroutine").add(new Sample(Stack.of(List.of(SLEEP, RUN)), 1)).build();
    List<String> lines = text(p).lines().toList();
    String[] ats = lines.get(1).split(" ");
    for (int i = 2; i < ats.length; i++) {
      long ret = Long.parseLong(ats[i].substring(2), 16);
      String frameAddr = lines.get(i).split("\t")[1];
      assertThat(Long.parseLong(frameAddr.substring(2), 16)).isEqualTo(ret - 1);
      // what pprof does with a parsed address: subtract 1 and ask the symbol endpoint
      assertThat(Addresses.functionAt(ret - 1)).isEqualTo(lines.get(i).split("\t")[2].replace("+0x0", ""));
    }
  }
}
