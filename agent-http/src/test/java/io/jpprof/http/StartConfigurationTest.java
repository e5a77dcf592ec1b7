package io.jpprof.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import io.jpprof.fixtures.GoPprof;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;

/**
 * {@link Pprof#start(int)} takes the configuration made without code ({@code jpprof.*} system
 * properties here): path, token, user and password and the on/off switch apply, and the port argument wins over
 * {@code jpprof.port}.
 */
class StartConfigurationTest {
  @Test
  void pathAndTokenApplyAndThePortArgumentWins() throws Exception {
    withProperties(Map.of("jpprof.path", "/admin/pprof", "jpprof.token", "s3cret", "jpprof.port", "1"), () -> {
      try (Pprof.Server server = Pprof.start(0)) {
        assertThat(server.port()).isPositive().isNotEqualTo(1);
        assertThat(server.url()).endsWith("/admin/pprof/");
        assertThat(get(server.url(), null).statusCode()).isEqualTo(401);
        HttpResponse<String> ok = get(server.url(), "Bearer s3cret");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("goroutine");
      }
    });
  }

  @Test
  void goToolPprofSendsTheConfiguredUserAndPassword(@TempDir Path dir) throws Exception {
    Path passwordFile = dir.resolve("password");
    Files.writeString(passwordFile, "p@ss:w0rd\n");
    withProperties(Map.of("jpprof.user", "ops", "jpprof.password.file", passwordFile.toString()), () -> {
      try (Pprof.Server server = Pprof.start(0)) {
        HttpResponse<String> refused = get(server.url() + "ui/", null);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"jpprof\", charset=\"UTF-8\"");
        String basic = Base64.getEncoder().encodeToString("ops:p@ss:w0rd".getBytes(StandardCharsets.UTF_8));
        assertThat(get(server.url() + "ui/", "Basic " + basic).statusCode()).isEqualTo(200);
        String wrong = Base64.getEncoder().encodeToString("ops:p@ss".getBytes(StandardCharsets.UTF_8));
        assertThat(get(server.url(), "Basic " + wrong).statusCode()).isEqualTo(401);

        String url = "http://ops:p%40ss%3Aw0rd@127.0.0.1:" + server.port() + "/debug/pprof/heap";
        GoPprof.Result top = GoPprof.run("-top", url);
        assertThat(top.ok()).contains("Type: inuse_space");
        assertThat(GoPprof.run("-top", "http://127.0.0.1:" + server.port() + "/debug/pprof/heap").stderr())
            .contains("401", "jpprof: unauthorized: send credentials");
      }
    });
  }

  @Test
  void aUserWithoutAPasswordRefusesEveryRequest() throws Exception {
    withProperties(Map.of("jpprof.user", "ops"), () -> {
      try (Pprof.Server server = Pprof.start(0)) {
        HttpResponse<String> refused = get(server.url(), null);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).startsWith("jpprof: forbidden: the configured login is incomplete");
        String basic = Base64.getEncoder().encodeToString("ops:".getBytes(StandardCharsets.UTF_8));
        assertThat(get(server.url(), "Basic " + basic).statusCode()).isEqualTo(403);
      }
    });
  }

  @Test
  void disabledServesNothingAndTheApplicationGoesOn() throws Exception {
    withProperties(Map.of("jpprof.enabled", "false"), () -> {
      Pprof.Server server = Pprof.start(0);
      assertThat(server.port()).isEqualTo(-1);
      assertThat(server.url()).isNull();
      server.close(); // a no-op, like closing twice
      assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("jpprof-http-"));
    });
  }

  private static HttpResponse<String> get(String url, String authorization) throws Exception {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url));
    if (authorization != null) {
      r.header("Authorization", authorization);
    }
    return HttpClient.newHttpClient().send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  private interface Body {
    void run() throws Exception;
  }

  /** Sets system properties for the body and restores them after: tests in this JVM run one at a time. */
  private static void withProperties(Map<String, String> values, Body body) throws Exception {
    Map<String, String> before = new java.util.HashMap<>();
    values.keySet().forEach(k -> before.put(k, System.getProperty(k)));
    values.forEach(System::setProperty);
    try {
      body.run();
    } finally {
      before.forEach((k, v) -> {
        if (v == null) {
          System.clearProperty(k);
        } else {
          System.setProperty(k, v);
        }
      });
    }
  }
}
