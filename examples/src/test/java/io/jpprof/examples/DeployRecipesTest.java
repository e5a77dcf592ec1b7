package io.jpprof.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpprof.fixtures.GoPprof;
import io.jpprof.http.Pprof;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every path docs/deploy.md's recipes name, read from the file itself so recipe and test cannot
 * drift: asked of a server with the recipes' token, each answers 200 with {@code
 * application/octet-stream} and a profile {@code go tool pprof} reads. Windowed profiles ({@code
 * profile}, {@code wall}, {@code fgprof}) are asked for 1 s rather than the scrapers' 10–14 s, to
 * keep the test short; the path is the same.
 */
@Timeout(120)
class DeployRecipesTest {
  private static final Path RECIPES = Path.of("..", "docs", "deploy.md");
  /**
   * A path under /debug/ with its query, as written in a table, a config block or the text; not a
   * prefix ({@code /debug/pprof/}, {@code /debug/pprof/*}).
   */
  private static final Pattern PATH =
      Pattern.compile("(/debug/[A-Za-z0-9_/]*[A-Za-z0-9_])(?![A-Za-z0-9_/])(\\?[A-Za-z0-9_=&]+)?");
  private static final Set<String> WINDOWED = Set.of("/debug/pprof/profile", "/debug/pprof/wall",
      "/debug/fgprof", "/debug/pprof/fgprof");
  private static final String TOKEN = "change-me";

  @Test
  void everyPathARecipeNamesServesAProfile() throws Exception {
    Set<String> paths = new TreeSet<>();
    Matcher m = PATH.matcher(Files.readString(RECIPES));
    while (m.find()) {
      paths.add(WINDOWED.contains(m.group(1)) ? m.group(1) + "?seconds=1" : m.group(0));
    }
    // the Alloy defaults, godeltaprof's three, both fgprof paths, the wall block's
    assertThat(paths).contains("/debug/pprof/allocs", "/debug/pprof/block", "/debug/pprof/mutex",
        "/debug/pprof/goroutine", "/debug/pprof/profile?seconds=1", "/debug/pprof/delta_heap",
        "/debug/pprof/delta_mutex", "/debug/pprof/delta_block", "/debug/fgprof?seconds=1",
        "/debug/pprof/fgprof?seconds=1", "/debug/pprof/wall?seconds=1");
    HttpClient http = HttpClient.newHttpClient();
    try (Pprof.Server server = Pprof.builder().port(0).token(TOKEN).start()) {
      String origin = "http://127.0.0.1:" + server.port();
      assertThat(http.send(HttpRequest.newBuilder(URI.create(origin + "/debug/pprof/allocs")).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode()).as("without the token").isEqualTo(401);
      for (String path : paths) {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(origin + path))
            .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).as(path).hasValue("application/octet-stream");
        Path file = GoPprof.tempFile("recipe", r.body());
        assertThat(GoPprof.run("-raw", file.toString()).ok()).as(path).contains("Samples:");
      }
    }
  }
}
