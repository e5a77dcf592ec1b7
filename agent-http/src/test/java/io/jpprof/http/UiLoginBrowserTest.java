package io.jpprof.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpprof.PprofConfig;
import io.jpprof.fixtures.Chromium;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A browser opening the viewer of a server with a configured user and password is asked for them
 * (HTTP basic, realm jpprof), and with them the viewer loads its profile. Skipped without
 * Chromium, failed under {@code CI=true}.
 */
class UiLoginBrowserTest {
  @Test
  void theBrowserPromptsForTheLoginAndTheViewerLoadsWithIt() {
    PprofConfig config = PprofConfig.load(Map.of("user", "ops", "password", "pw:1"), "test value");
    try (Pprof.Server server = Pprof.builder().config(config).port(0).start();
        Chromium browser = Chromium.start()) {
      browser.answerLogins("ops", "pw:1");
      browser.navigate(server.url() + "ui/goroutine");
      browser.await("document.querySelectorAll('#top tbody tr').length > 0", Duration.ofSeconds(60));
      assertThat(browser.loginChallenges()).first().asString().isEqualToIgnoringCase("basic realm=jpprof");
      assertThat((String) browser.eval("document.getElementById('status').textContent")).startsWith("goroutine");
    }
  }
}
