package io.jpprof.internal.spring;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring Boot application that uses the starter as a user would (one dependency, properties),
 * on loopback and free ports, with Spring Security switched off unless {@link #withSecurity}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@RestController
class TestApp implements AutoCloseable {
  private static final String NO_SECURITY = "--spring.autoconfigure.exclude="
      + "org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration,"
      + "org.springframework.boot.autoconfigure.security.servlet.SecurityFilterAutoConfiguration,"
      + "org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration,"
      + "org.springframework.boot.actuate.autoconfigure.security.servlet.ManagementWebSecurityAutoConfiguration";
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  final ConfigurableApplicationContext context;

  /** Spring's own constructor for the controller bean. */
  TestApp() {
    this.context = null;
  }

  private TestApp(ConfigurableApplicationContext context) {
    this.context = context;
  }

  @GetMapping("/hello")
  String hello() {
    return "hello";
  }

  /** The application with these properties ({@code --key=value}), Spring Security off. */
  static TestApp start(String... args) {
    return run(true, args);
  }

  /** The application with Spring Security on: its defaults, or {@code config}'s chain. */
  static TestApp withSecurity(Class<?> config, String... args) {
    return run(false, config, args);
  }

  private static TestApp run(boolean noSecurity, String... args) {
    return run(noSecurity, TestApp.class, args);
  }

  private static TestApp run(boolean noSecurity, Class<?> config, String... args) {
    List<String> all = new ArrayList<>(List.of("--server.address=127.0.0.1", "--server.port=0",
        "--spring.main.banner-mode=off"));
    if (List.of(args).contains("--management.server.port=0")) {
      all.add("--management.server.address=127.0.0.1");
    }
    if (noSecurity) {
      all.add(NO_SECURITY);
    }
    all.addAll(List.of(args));
    return new TestApp(SpringApplication.run(new Class<?>[] {TestApp.class, config}, all.toArray(String[]::new)));
  }

  int appPort() {
    return ((WebServerApplicationContext) context).getWebServer().getPort();
  }

  /** The management server's port; the application's when it has none of its own. */
  int managementPort() {
    String port = context.getEnvironment().getProperty("local.management.port");
    return port == null ? appPort() : Integer.parseInt(port);
  }

  static String url(int port, String path) {
    return "http://127.0.0.1:" + port + path;
  }

  static HttpResponse<String> get(int port, String path, String authorization) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(port, path))).timeout(Duration.ofSeconds(20));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return get(port, path, null);
  }

  static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    context.close();
  }
}
