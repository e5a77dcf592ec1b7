package io.jpprof.internal.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link GoQuote} against Go 1.19's {@code strconv.Quote} ({@code quote.txt}, from src/test/go/gentext). */
class GoQuoteTest {

  static Stream<Arguments> goCases() {
    return GoldenFiles.lines("quote.txt").stream()
        .map(
            line -> {
              int tab = line.indexOf('\t');
              String hex = line.substring(0, tab);
              String input = GoldenFiles.unhex(hex.isEmpty() ? "-" : hex);
              return Arguments.of(hex, input, line.substring(tab + 1));
            });
  }

  @ParameterizedTest(name = "[{index}] utf8={0} -> {2}")
  @MethodSource("goCases")
  void matchesStrconvQuote(String hex, String input, String expected) {
    assertThat(GoQuote.quote(input)).isEqualTo(expected);
  }

  @Test
  void goldenFileCoversTheInterestingCases() {
    List<String> expected = goCases().map(a -> (String) a.get()[2]).toList();
    assertThat(expected)
        .contains(
            "\"say \\\"hi\\\"\"",
            "\"back\\\\slash\"",
            "\"tab\\there\"",
            "\"new\\nline\"",
            "\"\\a\\b\\f\\v\"",
            "\"\\x00\\x01\\x1f\\x7f\"",
            "\"é\"",
            "\"日本\"",
            "\"\\u200b\"",
            "\"\\u00ad\"",
            "\"😀\"",
            "\"\\U000e0001\"");
  }

  @Test
  void handPickedExamples() {
    assertThat(GoQuote.quote("")).isEqualTo("\"\"");
    assertThat(GoQuote.quote("a\"b")).isEqualTo("\"a\\\"b\"");
    assertThat(GoQuote.quote("a\\b")).isEqualTo("\"a\\\\b\"");
    assertThat(GoQuote.quote("\t\n\r")).isEqualTo("\"\\t\\n\\r\"");
    assertThat(GoQuote.quote("\u0001")).isEqualTo("\"\\x01\"");
    assertThat(GoQuote.quote("\u007f")).isEqualTo("\"\\x7f\"");
    assertThat(GoQuote.quote("\u0085")).isEqualTo("\"\\u0085\""); // C1 control: \\u, not \\x
    assertThat(GoQuote.quote("é日本")).isEqualTo("\"é日本\"");
    assertThat(GoQuote.quote("\u200b")).isEqualTo("\"\\u200b\"");
    assertThat(GoQuote.quote("\u00ad")).isEqualTo("\"\\u00ad\"");
    assertThat(GoQuote.quote("\u00a0")).isEqualTo("\"\\u00a0\"");
    assertThat(GoQuote.quote("😀")).isEqualTo("\"😀\"");
    assertThat(GoQuote.quote("'")).isEqualTo("\"'\"");
  }
}
