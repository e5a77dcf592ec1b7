package io.jpprof.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpprof.Profile;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The contract's pure parts: index order, trace window, path unescaping. */
class ContractUnitTest {
  private static final Pattern ROW =
      Pattern.compile("<tr><td>(\\d+)</td><td><a href='([^']*)'>([^<]*)</a></td></tr>\n");

  @Test
  void entriesSortByteWise() {
    for (String name : new String[] {"example.com/custom", "a:b/c'<x>&\""}) {
      if (Profile.lookup(name) == null) {
        Profile.newProfile(name).add(new Object(), 0);
      }
    }
    IndexPage page = new IndexPage(List.of("symbol", "cmdline", "Zeta"));
    List<String> names = names(page.render("/debug/pprof"));
    assertThat(names.indexOf("Zeta")).isLessThan(names.indexOf("a:b/c&#39;&lt;x&gt;&amp;&#34;"));
    assertThat(names.indexOf("cmdline")).isLessThan(names.indexOf("example.com/custom"));
  }

  @ParameterizedTest
  @CsvSource({
    "'', 1000000000", "abc, 1000000000", "0, 1000000000", "-2, 1000000000", "0.25, 250000000",
    "2, 2000000000", "1e-1, 100000000", "+.5, 500000000", "1e400, 1000000000", "1_0, 1000000000",
    "Inf, 0", "NaN, 0", "-nan, 1000000000", "1e10, 0", " 1, 1000000000", "1d, 1000000000"
  })
  void secondsIsParsedAsGoParseFloat(String seconds, long nanos) {
    assertThat(TraceEndpoint.windowNanos(seconds)).isEqualTo(nanos);
  }

  @Test
  void pathUnescapeIsGos() {
    assertThat(GoUrl.pathUnescape("/debug/pprof/a%2Fb+c")).isEqualTo("/debug/pprof/a/b+c");
    assertThat(GoUrl.pathUnescape("/debug/%ZZ")).isNull();
    assertThat(GoUrl.pathUnescape("/x%")).isNull();
  }

  private static List<String> names(String text) {
    Matcher m = ROW.matcher(text);
    List<String> out = new ArrayList<>();
    while (m.find()) {
      out.add(m.group(3));
    }
    return out;
  }
}
