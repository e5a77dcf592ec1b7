package io.jpprof.examples.boot2;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpprof.fixtures.GoPprof;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** A Spring Boot 2.7 app through the javax door: go tool pprof reads it on the management port; the app port has no pprof. */
class SpringBoot2PprofTest {
  private final HttpClient client = HttpClient.newHttpClient();

  @Test
  void goToolPprofReadsHeapAndProfileOnTheManagementPort() throws Exception {
    GoPprof.findGo();
    try (ConfigurableApplicationContext app = SpringApplication.run(Boot2Application.class,
        "--server.port=0", "--management.server.port=0", "--spring.main.banner-mode=off")) {
      int appPort = ((WebServerApplicationContext) app).getWebServer().getPort();
      int mgmtPort = Integer.parseInt(app.getEnvironment().getProperty("local.management.port"));
      assertThat(mgmtPort).isNotEqualTo(appPort);
      String base = "http://127.0.0.1:" + mgmtPort + "/debug/pprof/";
      assertThat(GoPprof.run("-top", base + "heap").ok()).contains("Type: inuse_space");
      assertThat(GoPprof.run("-top", base + "profile?seconds=1").ok()).contains("Type: cpu");
      assertThat(GoPprof.run("-top", base + "goroutine").ok()).contains("org.apache.tomcat.util.net.Acceptor.run");
      assertThat(get(mgmtPort, "/actuator/health").statusCode()).isEqualTo(200);
      assertThat(get(appPort, "/hello").body()).isEqualTo("hello");
      assertThat(get(appPort, "/debug/pprof/").statusCode()).as("not on the application port").isEqualTo(404);
    }
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
