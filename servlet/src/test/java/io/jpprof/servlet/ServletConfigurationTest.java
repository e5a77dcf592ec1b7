package io.jpprof.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpprof.PprofConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.Test;

/** The servlet reads jpprof's configuration: init parameters of the same names, or a PprofConfig it is given. */
class ServletConfigurationTest {
  private final HttpClient client = HttpClient.newHttpClient();

  @Test
  void theTokenInitParameterIsJpprofsToken() throws Exception {
    Tomcat tomcat = Tomcats.withServlet("", "/debug/pprof/*", new PprofServlet(), Map.of("token", "s3cret"));
    try {
      String base = base(tomcat);
      HttpResponse<String> refused = get(base + "cmdline", null);
      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
      assertThat(get(base + "cmdline", "Bearer wrong").statusCode()).isEqualTo(401);
      assertThat(get(base + "cmdline", "Bearer s3cret").statusCode()).isEqualTo(200);
    } finally {
      stop(tomcat);
    }
  }

  @Test
  void userAndPasswordInitParametersAreJpprofsLogin() throws Exception {
    Tomcat tomcat = Tomcats.withServlet("", "/debug/pprof/*", new PprofServlet(), Map.of("user", "ops", "password", "pw"));
    try {
      String base = base(tomcat);
      HttpResponse<String> refused = get(base + "cmdline", null);
      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
      String login = java.util.Base64.getEncoder().encodeToString("ops:pw".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      assertThat(get(base + "cmdline", "Basic " + login).statusCode()).isEqualTo(200);
      String withLogin = base.replace("http://", "http://ops:pw@");
      assertThat(io.jpprof.fixtures.GoPprof.run("-top", withLogin + "heap").ok()).contains("Type: inuse_space");
    } finally {
      stop(tomcat);
    }
  }

  @Test
  void aGivenConfigurationWinsAndNamesTheCollectors() throws Exception {
    PprofConfig config = PprofConfig.load(Map.of("token", "from-config", "collectors", "heap"), "test value");
    Tomcat tomcat = Tomcats.withServlet("", "/debug/pprof/*", new PprofServlet(config), Map.of("token", "ignored"));
    try {
      String base = base(tomcat);
      assertThat(get(base, "Bearer ignored").statusCode()).isEqualTo(401);
      HttpResponse<String> index = get(base, "Bearer from-config");
      assertThat(index.statusCode()).isEqualTo(200);
      assertThat(index.body()).contains("<title>/debug/pprof/</title>");
    } finally {
      stop(tomcat);
      PprofConfig.load(Map.of(), "test value").applyToCollectors(); // the default collectors again
    }
  }

  @Test
  void disabledAnswers404ToEverything() throws Exception {
    Tomcat tomcat = Tomcats.withServlet("", "/debug/pprof/*", new PprofServlet(), Map.of("enabled", "false"));
    try {
      String base = base(tomcat);
      for (String path : new String[] {"", "heap", "profile?seconds=1", "cmdline"}) {
        HttpResponse<String> r = get(base + path, null);
        assertThat(r.statusCode()).as(path).isEqualTo(404);
        assertThat(r.body()).as(path).isEqualTo("404 page not found\n");
      }
      assertThat(get("http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + "/hello", null).body()).isEqualTo("hello");
    } finally {
      stop(tomcat);
    }
  }

  private static String base(Tomcat tomcat) {
    return "http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + "/debug/pprof/";
  }

  private HttpResponse<String> get(String url, String authorization) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void stop(Tomcat tomcat) throws Exception {
    tomcat.stop();
    tomcat.destroy();
  }
}
