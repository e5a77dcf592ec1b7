package io.jpprof.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpprof.fixtures.GoPprof;
import io.jpprof.fixtures.TopReport;
import io.jpprof.http.Pprof;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The demo scraped as a fleet scrapes it (every snapshot path at once, again and again): in its
 * allocs profile over that time the demo's own growing line leads, and jpprof's own work — megabytes
 * per scrape, on its threads — is one {@code [jpprof]} line, with none of its internal sites.
 */
@Timeout(120)
class ScrapedAllocsTest {
  private static final List<String> SCRAPE = List.of("allocs", "heap", "delta_heap", "goroutine", "mutex", "block",
      "delta_mutex", "delta_block");

  @Test
  void theDemosSitesLeadAndJpprofIsOneLine() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    try (Pprof.Server server = Pprof.start(0); Stories stories = Stories.start()) {
      // one scrape first, then a pause: this test's own first-use class loading (megabytes, on its
      // own threads) is done before the window, and its allocation events, which arrive about a
      // second late, too
      scrape(http, server.url());
      save(http, server.url() + "allocs", "scraped-allocs-0");
      Thread.sleep(2_000);
      Path before = save(http, server.url() + "allocs", "scraped-allocs-1");
      for (int round = 0; round < 5; round++) {
        scrape(http, server.url());
        Thread.sleep(1_500);
      }
      Path after = save(http, server.url() + "allocs", "scraped-allocs-2");
      // this test's own thread is neither the demo nor jpprof: a long-lived test JVM's main thread
      // can carry one sample weighing tens of megabytes it allocated earlier
      TopReport top = TopReport.parse(GoPprof.run("-sample_index=alloc_space", "-top", "-ignore=ScrapedAllocsTest",
          "-base", before.toString(), after.toString()).ok());
      assertThat(top.rows().keySet().stream().filter(n -> !n.startsWith("[")).findFirst()).as(top.toString())
          .hasValue(Stories.GROWTH);
      assertThat(top.row("[jpprof]")).as(top.toString()).isNotNull();
      assertThat(top.row("[jpprof]").flat()).as(top.toString()).isGreaterThan(0);
      // the demo's own calls of jpprof's API (Profile.add) are its sites; jpprof's internals are none
      assertThat(top.rows().keySet()).as(top.toString()).noneMatch(n -> n.startsWith("io.jpprof.internal."));
    }
  }

  /** Every snapshot path at once, as a fleet's scraper asks. */
  private static void scrape(HttpClient http, String base) throws Exception {
    List<CompletableFuture<HttpResponse<Void>>> inFlight = new ArrayList<>();
    for (String path : SCRAPE) {
      inFlight.add(http.sendAsync(HttpRequest.newBuilder(URI.create(base + path)).build(),
          HttpResponse.BodyHandlers.discarding()));
    }
    for (CompletableFuture<HttpResponse<Void>> r : inFlight) {
      assertThat(r.get().statusCode()).isEqualTo(200);
    }
  }

  private static Path save(HttpClient http, String url, String name) throws Exception {
    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    Path file = Files.createDirectories(Path.of("target")).resolve(name + ".pb.gz");
    Files.write(file, r.body());
    return file;
  }
}
