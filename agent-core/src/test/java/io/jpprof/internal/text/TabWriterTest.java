package io.jpprof.internal.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link TabWriter} against Go's real {@code tabwriter.NewWriter(w, 1, 8, 1, '\t', 0)}: the {@code
 * tabwriter/*.out} files were produced by {@code src/test/go/gentext} from the {@code .in} files.
 */
class TabWriterTest {

  static Stream<String> newlineTerminatedCases() {
    return Stream.of(
        "widths_22_44",
        "single_cell_line",
        "empty",
        "blank_lines",
        "widths_1_to_17",
        "exact_multiples",
        "blocks_split",
        "multi_columns",
        "ragged_columns",
        "empty_cells",
        "unicode_cells",
        "count_profile",
        "heap_like");
  }

  static Stream<String> trailingLineCases() {
    return Stream.of("trailing_no_newline", "trailing_single_cell_no_newline");
  }

  private static String format(String input) {
    StringBuilder out = new StringBuilder();
    TabWriter w = new TabWriter(out);
    w.print(input);
    w.flush();
    return out.toString();
  }

  private static String in(String name) {
    return GoldenFiles.text("tabwriter/" + name + ".in");
  }

  private static String goOut(String name) {
    return GoldenFiles.text("tabwriter/" + name + ".out");
  }

  @ParameterizedTest
  @MethodSource("newlineTerminatedCases")
  void matchesGoByteForByte(String name) {
    String actual = format(in(name));
    assertThat(actual.getBytes(StandardCharsets.UTF_8)).isEqualTo(goOut(name).getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @MethodSource("newlineTerminatedCases")
  void matchesGoWhenWrittenInSmallPieces(String name) {
    String input = in(name);
    StringBuilder out = new StringBuilder();
    TabWriter w = new TabWriter(out);
    // Pieces of 1..3 UTF-16 units, cutting lines and cells (but not surrogate pairs) anywhere.
    int i = 0;
    int step = 1;
    while (i < input.length()) {
      int end = Math.min(input.length(), i + step);
      if (end < input.length() && Character.isHighSurrogate(input.charAt(end - 1))) {
        end++;
      }
      w.print(input.substring(i, end));
      i = end;
      step = step % 3 + 1;
    }
    w.flush();
    assertThat(out.toString()).isEqualTo(goOut(name));
  }

  /**
   * Go writes a last line that has no newline as is; {@link TabWriter#flush} documents that it ends
   * every line with a newline instead. Alignment of that line must still be Go's.
   */
  @ParameterizedTest
  @MethodSource("trailingLineCases")
  void trailingLineWithoutNewlineIsAlignedLikeGoAndTerminated(String name) {
    String go = goOut(name);
    assertThat(go).doesNotEndWith("\n");
    assertThat(format(in(name))).isEqualTo(go + "\n");
  }

  @Test
  void widths22And44InOneBlockGetFourTabsAndOneTab() {
    String f22 = "f".repeat(22);
    String f44 = "f".repeat(44);
    String actual = format("#\t0x1\t" + f22 + "\tA.java:1\n#\t0x2\t" + f44 + "\tB.java:2\n");
    assertThat(actual)
        .isEqualTo("#\t0x1\t" + f22 + "\t\t\t\tA.java:1\n#\t0x2\t" + f44 + "\tB.java:2\n");
  }

  @Test
  void lineWithoutTabsEndsTheBlock() {
    String actual = format("a\tx\nno tabs\n" + "f".repeat(20) + "\ty\n");
    // "a" is aligned on its own (width 2 -> 8), not with the 20-wide cell after the break.
    assertThat(actual).isEqualTo("a\tx\nno tabs\n" + "f".repeat(20) + "\ty\n");
  }

  @Test
  void flushTwiceWritesNothingMore() {
    StringBuilder out = new StringBuilder();
    TabWriter w = new TabWriter(out);
    w.print("a\tb\n");
    w.flush();
    w.flush();
    assertThat(out.toString()).isEqualTo("a\tb\n");
  }

  @Test
  void blocksDoNotLeakAcrossFlushes() {
    StringBuilder out = new StringBuilder();
    TabWriter w = new TabWriter(out);
    w.print("a\tb\n");
    w.flush();
    w.print("f".repeat(20) + "\tc\n");
    w.flush();
    assertThat(out.toString()).isEqualTo("a\tb\n" + "f".repeat(20) + "\tc\n");
  }

  @Test
  void cellWidthCountsCodePointsNotUtf16Units() {
    // 4 emoji are 8 UTF-16 units but 4 runes: width 5 -> 8 -> one tab, as in Go.
    assertThat(format("😀😀😀😀\tx\n")).isEqualTo("😀😀😀😀\tx\n");
    // 7 emoji: 7 runes, width 8 -> one tab; counted as UTF-16 (14) it would need two.
    assertThat(format("😀😀😀😀😀😀😀\tx\nab\ty\n")).isEqualTo("😀😀😀😀😀😀😀\tx\nab\ty\n");
  }
}
