package io.jpprof.internal.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpprof.internal.profile.Addresses;
import io.jpprof.internal.profile.Frame;
import io.jpprof.internal.profile.Label;
import io.jpprof.internal.profile.Stack;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StackTextTest {

  /** Label maps whose Go text sorts the same under UTF-8 byte order and UTF-16 unit order. */
  private static final String UTF16_ORDER_DIFFERS = "efbca1 76 f09f9880 76";

  private static Stream<Arguments> goLabelCases(boolean utf16Sensitive) {
    return GoldenFiles.lines("labels.txt").stream()
        .map(line -> line.split("\t", 2))
        .filter(parts -> parts[0].equals(UTF16_ORDER_DIFFERS) == utf16Sensitive)
        .map(
            parts -> {
              String[] hex = parts[0].split(" ");
              List<Label> labels = new ArrayList<>();
              for (int i = 0; i < hex.length; i += 2) {
                labels.add(Label.of(GoldenFiles.unhex(hex[i]), GoldenFiles.unhex(hex[i + 1])));
              }
              return Arguments.of(labels, "# labels: " + parts[1]);
            });
  }

  static Stream<Arguments> goLabelCases() {
    return goLabelCases(false);
  }

  @ParameterizedTest
  @MethodSource("goLabelCases")
  void labelsLineMatchesRuntimePprofLabelMapString(List<Label> labels, String expected) {
    assertThat(StackText.labelsLine(labels)).isEqualTo(expected);
  }

  @Test
  void labelsLineSortsLikeGoForSupplementaryCharacters() {
    goLabelCases(true)
        .forEach(
            a -> {
              @SuppressWarnings("unchecked")
              List<Label> labels = (List<Label>) a.get()[0];
              assertThat(StackText.labelsLine(labels)).isEqualTo(a.get()[1]);
            });
  }

  @Test
  void labelsLineIgnoresNumericLabelsAndIsEmptyWithoutStringLabels() {
    assertThat(StackText.labelsLine(List.of())).isEmpty();
    assertThat(StackText.labelsLine(List.of(Label.numeric("bytes", 4096, "bytes")))).isEmpty();
    assertThat(StackText.labelsLine(List.of(Label.numeric("n", 1, null), Label.of("k", "v"))))
        .isEqualTo("# labels: {\"k\":\"v\"}");
  }

  @Test
  void labelsLineSortsPairsAsStringsNotByKey() {
    // "a\"" sorts before "a" as a quoted pair: "\"a\\\"\"..." vs "\"a\":..." compares '\\' (0x5c) with '"' (0x22).
    assertThat(StackText.labelsLine(List.of(Label.of("a", "1"), Label.of("a\"", "2"))))
        .isEqualTo("# labels: {\"a\":\"1\", \"a\\\"\":\"2\"}");
  }

  @Test
  void addressesAreReturnAddressesOfLocations() {
    Frame leaf = Frame.of("st.A", "leaf", "A.java", 1);
    Frame inl = new Frame("st.A", "inl", "A.java", 2, true);
    Frame caller = Frame.of("st.A", "caller", "A.java", 3);
    Stack stack = Stack.of(List.of(leaf, inl, caller));
    long a0 = Addresses.of(List.of(leaf));
    long a1 = Addresses.of(List.of(inl, caller));
    assertThat(StackText.addresses(stack))
        .isEqualTo("@ 0x" + Long.toHexString(a0 + 1) + " 0x" + Long.toHexString(a1 + 1));
    assertThat(StackText.addresses(Stack.EMPTY)).isEqualTo("@");
  }

  @Test
  void printFramesExpandsInlinedFramesWithTheLocationAddress() {
    Frame leaf = Frame.of("st.B", "leaf", "B.java", 1);
    Frame inl = new Frame("st.B", "inl", "B.java", 2, true);
    Frame caller = Frame.of("st.B", "caller", "B.java", 3);
    String a0 = "0x" + Long.toHexString(Addresses.of(List.of(leaf)));
    String a1 = "0x" + Long.toHexString(Addresses.of(List.of(inl, caller)));
    StringBuilder out = new StringBuilder();
    TabWriter w = new TabWriter(out);
    StackText.printFrames(w, Stack.of(List.of(leaf, inl, caller)));
    w.flush();
    assertThat(out.toString())
        .isEqualTo(
            "#\t" + a0 + "\tst.B.leaf+0x0\tst/B.java:1\n"
                + "#\t" + a1 + "\tst.B.inl+0x0\tst/B.java:2\n"
                + "#\t" + a1 + "\tst.B.caller+0x0\tst/B.java:3\n"
                + "\n");
  }

  @Test
  void printFramesOfEmptyStack() {
    StringBuilder out = new StringBuilder();
    TabWriter w = new TabWriter(out);
    StackText.printFrames(w, Stack.EMPTY);
    w.flush();
    assertThat(out.toString()).isEqualTo("#\t0x0\n\n");
  }
}
