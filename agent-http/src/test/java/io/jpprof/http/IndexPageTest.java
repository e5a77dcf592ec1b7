package io.jpprof.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpprof.Profile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code <prefix>/}: Go's template byte for byte, entries, escaping, order. */
class IndexPageTest {
  private static final String HEAD =
      "<html>\n<head>\n<title>/debug/pprof/</title>\n<style>\n.profile-name{\n\tdisplay:inline-block;\n"
          + "\twidth:6rem;\n}\n</style>\n</head>\n<body>\n/debug/pprof/\n<br>\n"
          + "<p>Set debug=1 as a query parameter to export in legacy text format</p>\n<br>\n"
          + "Types of profiles available:\n<table>\n<thead><td>Count</td><td>Profile</td></thead>\n";
  private static final String MIDDLE =
      "</table>\n<a href=\"goroutine?debug=2\">full goroutine stack dump</a>\n<br>\n"
          + "<a href=\"ui/\">flame graph, top and diff in the browser</a>\n<br>\n<p>\n"
          + "Profile Descriptions:\n<ul>\n";
  private static final String TAIL = "</ul>\n</p>\n</body>\n</html>";
  private static final Pattern ROW =
      Pattern.compile("<tr><td>(\\d+)</td><td><a href='([^']*)'>([^<]*)</a></td></tr>\n");
  private static final Pattern ITEM = Pattern.compile("<li><div class=profile-name>([^<]*): </div> ([^<]*)</li>\n");

  @RegisterExtension static final TestServer SERVER = new TestServer();

  @BeforeAll
  static void start() {
    TestProfiles.register();
  }


  @Test
  void isGoTemplateWithOneRowAndOneDescriptionPerEntry() throws IOException {
    RawHttp.Response r = SERVER.http().get("/debug/pprof/");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
    assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
    String page = r.text();
    assertThat(page).startsWith(HEAD).endsWith(TAIL).contains(MIDDLE);

    String rows = page.substring(HEAD.length(), page.indexOf(MIDDLE));
    String items = page.substring(page.indexOf(MIDDLE) + MIDDLE.length(), page.length() - TAIL.length());
    List<String> rowNames = names(ROW, rows, 3);
    List<String> itemNames = names(ITEM, items, 1);
    assertThat(rows.replaceAll(ROW.pattern(), "")).isEmpty();
    assertThat(items.replaceAll(ITEM.pattern(), "")).isEmpty();
    assertThat(rowNames).isEqualTo(itemNames).isSorted();

    List<String> expected = new ArrayList<>();
    Profile.profiles().forEach(p -> expected.add(htmlEscape(p.name())));
    expected.add("cmdline");
    expected.add("profile");
    expected.add("symbol");
    expected.add("trace");
    expected.add("wall");
    assertThat(rowNames).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(rowNames).noneMatch(n -> n.startsWith("delta_"));
    assertThat(rowNames).contains("heap", "allocs", "block", "mutex", "threadcreate", "profile", "trace");

    assertThat(rows).containsPattern("<tr><td>[1-9]\\d*</td><td><a href='goroutine\\?debug=1'>goroutine</a></td></tr>\n");
    assertThat(rows).contains("<tr><td>0</td><td><a href='cmdline?debug=1'>cmdline</a></td></tr>\n");
    assertThat(rows).contains("<tr><td>0</td><td><a href='symbol?debug=1'>symbol</a></td></tr>\n");
    assertThat(rows)
        .contains("<tr><td>1</td><td><a href='example.com/custom?debug=1'>example.com/custom</a></td></tr>\n");
    assertThat(items)
        .contains(
            "<li><div class=profile-name>goroutine: </div> Stack traces of all current threads (platform threads,"
                + " and virtual threads on JDK 21+). Use debug=2 as a query parameter to export in the JVM&#39;s"
                + " thread dump format.</li>\n")
        .contains(
            "<li><div class=profile-name>cmdline: </div> The command line invocation of the current program</li>\n")
        .contains(
            "<li><div class=profile-name>symbol: </div> Maps given program counters to function names. Counters"
                + " can be specified in a GET raw query or POST body, multiple counters are separated by"
                + " &#39;+&#39;.</li>\n")
        .contains(
            "<li><div class=profile-name>trace: </div> A JFR recording (the JDK&#39;s profile settings) of the"
                + " current program. You can specify the duration in the seconds GET parameter. Open the file"
                + " with the jfr tool or JDK Mission Control.</li>\n")
        .contains("<li><div class=profile-name>example.com/custom: </div> </li>\n");
  }

  @Test
  void hrefIsAnEscapedRelativeUrlAndTheNameIsHtmlEscaped() throws IOException {
    String page = SERVER.http().get("/debug/pprof/").text();
    assertThat(page)
        .contains(
            "<tr><td>1</td><td><a href='./a:b/c%27%3Cx%3E&%22?debug=1'>a:b/c&#39;&lt;x&gt;&amp;&#34;</a></td></tr>\n")
        .contains("<li><div class=profile-name>a:b/c&#39;&lt;x&gt;&amp;&#34;: </div> </li>\n");
  }

  @Test
  void queryParametersAreIgnored() throws IOException {
    RawHttp.Response r = SERVER.http().get("/debug/pprof/?debug=1&seconds=abc");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.text()).startsWith(HEAD).endsWith(TAIL);
  }


  private static List<String> names(Pattern p, String text, int group) {
    Matcher m = p.matcher(text);
    List<String> out = new ArrayList<>();
    while (m.find()) {
      out.add(m.group(group));
    }
    return out;
  }

  private static String htmlEscape(String s) {
    return s.replace("&", "&amp;").replace("'", "&#39;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&#34;");
  }
}
