package io.jpprof.examples.boot;

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

/** The example app: jpprof on the management port, read by go tool pprof; not on the app port. */
class SpringBootPprofTest {
  @Test
  void goToolPprofReadsHeapFromTheManagementPort() throws Exception {
    try (ConfigurableApplicationContext app = SpringApplication.run(DemoApplication.class,
        "--server.port=0", "--management.server.port=0")) {
      int appPort = ((WebServerApplicationContext) app).getWebServer().getPort();
      int mgmtPort = managementPort(app);
      assertThat(mgmtPort).isNotEqualTo(appPort);
      String base = "http://127.0.0.1:" + mgmtPort + "/debug/pprof/";

      String top = GoPprof.run("-top", base + "heap").ok();
      assertThat(top).contains("Type: inuse_space");
      assertThat(GoPprof.run("-top", base + "goroutine").ok()).contains("Type: goroutine");

      HttpClient client = HttpClient.newHttpClient();
      HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + mgmtPort + "/actuator/health")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).as("Actuator beside it").isEqualTo(200);
      HttpResponse<String> onApp = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + appPort + "/debug/pprof/")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(onApp.statusCode()).as("not on the application port").isEqualTo(404);
      HttpResponse<String> hello = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + appPort + "/hello")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(hello.body()).isEqualTo("hello");
    }
  }

  private static int managementPort(ConfigurableApplicationContext app) {
    String port = app.getEnvironment().getProperty("local.management.port");
    if (port == null) {
      throw new AssertionError("no management port published");
    }
    return Integer.parseInt(port);
  }
}
