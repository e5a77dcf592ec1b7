package io.jpprof.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpprof.fixtures.Chromium;
import io.jpprof.fixtures.GoPprof;
import io.jpprof.fixtures.Json;
import io.jpprof.fixtures.TopReport;
import io.jpprof.http.Pprof;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each story of the demo, where the README says it is: once through {@code go tool pprof} and
 * once through the UI's top table in a real Chromium (screenshots in {@code target/story-*.png}).
 * Runs the demo's {@link Stories} in this JVM beside a server on a free port.
 */
class DemoStoriesTest {
  private static final Duration LOAD = Duration.ofSeconds(90);
  private static Pprof.Server server;
  private static Stories stories;
  private static Chromium browser;

  @BeforeAll
  static void start() {
    // gc=1 twice within the default 10 s would get 429: the test takes its snapshots back to back
    server = Pprof.builder().port(0).gcInterval(Duration.ZERO).start();
    stories = Stories.start();
    browser = Chromium.start();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (browser != null) {
      browser.close();
    }
    if (stories != null) {
      stories.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void memoryGrowthIsOnSessionCacheRemember() throws Exception {
    // 10 s: about 6 MB at remember, well above what gc=1's per-class attribution moves elsewhere
    Path h1 = save("heap?gc=1", "h1");
    Thread.sleep(10_000);
    Path h2 = save("heap?gc=1", "h2");
    TopReport top = TopReport.parse(GoPprof.run("-top", "-base", h1.toString(), h2.toString()).ok());
    // the first function: rows in brackets ([unattributed] byte[]) are bytes the JVM's sampled
    // sites do not place, and move between the two snapshots
    assertThat(top.rows().keySet().stream().filter(n -> !n.startsWith("[")).findFirst()).as(top.toString())
        .hasValue(Stories.GROWTH);
    assertThat(top.row(Stories.GROWTH).flat()).isGreaterThan(SessionCache.SESSION_BYTES * 10.0);

    open("ui/heap?gc=1&diff=10");
    browser.await("document.getElementById('growth')", LOAD);
    assertThat((String) browser.eval("document.getElementById('growth').textContent"))
        .startsWith("Largest growth: " + Stories.GROWTH + " +");
    // the top table, sorted by flat as -top is: the first function row is the growing line, marked as growth
    awaitTable();
    assertThat(browser.eval("[...document.querySelectorAll('#top tbody tr')].find(r => !r.dataset.name.startsWith('['))"
        + ".dataset.name")).isEqualTo(Stories.GROWTH);
    assertThat(browser.eval("[...document.querySelectorAll('#top tbody tr')].find(r => r.dataset.name === "
        + Json.quote(Stories.GROWTH) + ").className")).isEqualTo("growth");
    browser.screenshot(Path.of("target", "story-1-heap-diff.png"));
  }

  @Test
  void leakedThreadsWaitInThreadLeakAwaitReply() throws Exception {
    Path g1 = save("goroutine", "g1");
    Thread.sleep(4_000);
    Path g2 = save("goroutine", "g2");
    TopReport top = TopReport.parse(GoPprof.run("-top", "-base", g1.toString(), g2.toString()).ok());
    assertThat(top.row(Stories.LEAK)).as(top.toString()).isNotNull();
    assertThat(top.row(Stories.LEAK).cum()).isGreaterThanOrEqualTo(2);

    open("ui/goroutine?diff=4");
    browser.await("document.getElementById('growth')", LOAD);
    assertThat(number(cell(Stories.LEAK, 3))).isGreaterThanOrEqualTo(2);
    browser.screenshot(Path.of("target", "story-2-goroutine-diff.png"));
  }

  @Test
  void cpuIsSplitBetweenDiscountAndTaxUnderQuote() throws Exception {
    // the pricing thread wants half a core; on a loaded machine it may get much less in a window,
    // so the 70/30 order is asserted once the profile holds enough of it (300 ms), up to 4 windows.
    // 8 s at the default rate (25 or 50 Hz) hold as many samples as 2-4 s at Go's 100 Hz.
    TopReport top = null;
    for (int attempt = 1; attempt <= 4; attempt++) {
      top = TopReport.parse(GoPprof.run("-top", url("profile?seconds=8")).ok());
      if (top.row(Stories.HOT_CALLER) != null && top.row(Stories.HOT_CALLER).cum() >= 300e6) {
        break;
      }
    }
    assertThat(top.row(Stories.HOT_1)).as(top.toString()).isNotNull();
    assertThat(top.row(Stories.HOT_2)).as(top.toString()).isNotNull();
    // the two methods lead; quote's own loop may get a sample or two of flat, never a real share
    assertThat(examplesByFlat(top)).as(top.toString()).startsWith(Stories.HOT_1, Stories.HOT_2);
    assertThat(top.row(Stories.HOT_CALLER).flat()).as(top.toString())
        .isLessThan(0.05 * top.row(Stories.HOT_CALLER).cum());

    open("ui/profile?seconds=8&hz=100"); // one window, no retry: Go's rate for samples enough
    awaitTable();
    @SuppressWarnings("unchecked")
    List<String> names = (List<String>) browser.eval("[...document.querySelectorAll('#top tbody tr')]"
        + ".filter(r => r.children[0].textContent !== '0').map(r => r.dataset.name)"
        + ".filter(n => n.startsWith('io.jpprof.examples.'))");
    assertThat(names).as("example functions by flat").startsWith(Stories.HOT_1, Stories.HOT_2);
    assertThat(percent(cell(Stories.HOT_CALLER, 1))).isLessThan(0.05 * percent(cell(Stories.HOT_CALLER, 4)));
    assertThat(percent(cell(Stories.HOT_CALLER, 4)))
        .isGreaterThanOrEqualTo(percent(cell(Stories.HOT_1, 4)) + percent(cell(Stories.HOT_2, 4)) - 0.02);
    browser.screenshot(Path.of("target", "story-3-cpu.png"));
  }

  @Test
  void contendedLockIsInventoryReserve() throws Exception {
    Thread.sleep(1_000); // a few 20 ms waits have been recorded
    TopReport top = TopReport.parse(GoPprof.run("-top", url("mutex")).ok());
    assertThat(top.rows().keySet().iterator().next()).as(top.toString()).isEqualTo(Stories.LOCK);

    open("ui/mutex");
    awaitTable();
    assertThat(browser.eval("document.querySelector('#top tbody tr').dataset.name")).isEqualTo(Stories.LOCK);
    browser.screenshot(Path.of("target", "story-4-mutex.png"));
  }

  /** The example functions with flat > 0, in pprof's order. */
  private static List<String> examplesByFlat(TopReport top) {
    return top.rows().entrySet().stream()
        .filter(e -> e.getKey().startsWith("io.jpprof.examples.") && e.getValue().flat() > 0)
        .map(java.util.Map.Entry::getKey).toList();
  }

  private static String url(String path) {
    return server.url() + path;
  }

  private static void open(String path) {
    browser.navigate(url(path));
  }

  private static void awaitTable() {
    browser.await("document.querySelector('#top tbody tr') !== null"
        + " && !document.getElementById('status').classList.contains('error')", LOAD);
  }

  private static String cell(String function, int column) {
    return (String) browser.eval("[...document.querySelectorAll('#top tbody tr')].find(r => r.dataset.name === "
        + Json.quote(function) + ").children[" + column + "].textContent");
  }

  private static double number(String cell) {
    return TopReport.value(cell);
  }

  private static double percent(String cell) {
    return Double.parseDouble(cell.replace("%", "").trim());
  }

  private static Path save(String path, String name) throws IOException, InterruptedException {
    HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url(path))).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    Path file = Files.createDirectories(Path.of("target")).resolve("story-" + name + ".pb.gz");
    Files.write(file, r.body());
    return file;
  }
}
