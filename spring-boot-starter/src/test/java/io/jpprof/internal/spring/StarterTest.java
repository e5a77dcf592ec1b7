package io.jpprof.internal.spring;

import static io.jpprof.internal.spring.TestApp.basic;
import static io.jpprof.internal.spring.TestApp.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.jpprof.fixtures.GoPprof;
import io.jpprof.internal.Collectors;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * The starter in real Spring Boot 3 applications: pprof on the management server, never on the
 * application's port unless asked, configured by Spring's {@code jpprof.*} properties, behind
 * Spring Security's chain, and gone after a graceful shutdown.
 */
class StarterTest {
  private static final String PPROF = "/debug/pprof/";

  @Test
  void goToolPprofReadsHeapAndProfileOnTheManagementPortAndTheAppPortServesNoPprof() throws Exception {
    GoPprof.findGo();
    try (TestApp app = TestApp.start("--management.server.port=0", "--jpprof.enabled=true")) {
      assertThat(app.managementPort()).isNotEqualTo(app.appPort());
      String base = TestApp.url(app.managementPort(), PPROF);
      assertThat(GoPprof.run("-top", base + "heap").ok()).contains("Type: inuse_space");
      assertThat(GoPprof.run("-top", base + "profile?seconds=1").ok()).contains("Type: cpu");
      assertThat(get(app.managementPort(), "/actuator/health").statusCode()).as("Actuator beside it").isEqualTo(200);
      assertThat(get(app.appPort(), "/hello").body()).isEqualTo("hello");
      for (String path : List.of(PPROF, PPROF + "heap", PPROF + "cmdline")) {
        assertThat(get(app.appPort(), path).statusCode()).as("%s on the application port", path).isEqualTo(404);
      }
    }
  }

  @Test
  void pathAndTokenAreSpringProperties() throws Exception {
    try (TestApp app = TestApp.start("--management.server.port=0", "--jpprof.enabled=true",
        "--jpprof.path=/actuator/pprof", "--jpprof.token=s3cret")) {
      int port = app.managementPort();
      assertThat(get(port, "/actuator/pprof/cmdline").statusCode()).isEqualTo(401);
      HttpResponse<String> index = get(port, "/actuator/pprof/", "Bearer s3cret");
      assertThat(index.statusCode()).isEqualTo(200);
      assertThat(index.body()).contains("<title>/actuator/pprof/</title>");
      assertThat(get(port, "/actuator/health").statusCode()).isEqualTo(200);
      assertThat(get(port, PPROF, "Bearer s3cret").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void offUnlessEnabled() throws Exception {
    try (TestApp app = TestApp.start("--management.server.port=0")) {
      assertThat(get(app.managementPort(), "/actuator/health").statusCode()).isEqualTo(200);
      assertThat(get(app.managementPort(), PPROF).statusCode()).isEqualTo(404);
    }
  }

  @Test
  void aSharedPortServesPprofOnlyWhenAsked() throws Exception {
    try (TestApp app = TestApp.start("--jpprof.enabled=true")) {
      assertThat(app.managementPort()).isEqualTo(app.appPort());
      assertThat(get(app.appPort(), "/actuator/health").statusCode()).isEqualTo(200);
      assertThat(get(app.appPort(), PPROF).statusCode()).isEqualTo(404);
    }
    try (TestApp app = TestApp.start("--jpprof.enabled=true", "--jpprof.application-port=true")) {
      HttpResponse<String> index = get(app.appPort(), PPROF);
      assertThat(index.statusCode()).isEqualTo(200);
      assertThat(index.body()).contains("<title>/debug/pprof/</title>");
    }
  }

  @Test
  void springSecuritysChainAppliesToPprof() throws Exception {
    GoPprof.findGo();
    try (TestApp app = TestApp.withSecurity(TestApp.class, "--management.server.port=0", "--jpprof.enabled=true",
        "--spring.security.user.name=ops", "--spring.security.user.password=pw")) {
      int port = app.managementPort();
      for (String path : List.of(PPROF, PPROF + "heap", PPROF + "cmdline")) {
        assertThat(get(port, path).statusCode()).as("%s without credentials", path).isEqualTo(401);
        assertThat(get(port, path, basic("ops", "wrong")).statusCode()).as("%s, wrong password", path).isEqualTo(401);
      }
      assertThat(get(port, PPROF, basic("ops", "pw")).statusCode()).isEqualTo(200);
      assertThat(GoPprof.run("-top", "http://ops:pw@127.0.0.1:" + port + PPROF + "heap").ok())
          .contains("Type: inuse_space");
    }
  }

  /** docs/setup.md's chain: only operators reach pprof. */
  @Configuration(proxyBeanMethods = false)
  static class OperatorsOnly {
    @Bean
    SecurityFilterChain pprof(HttpSecurity http) throws Exception {
      // a path matcher: a String pattern would be matched as a Spring MVC path, and pprof is not MVC
      return http.securityMatcher(PathPatternRequestMatcher.withDefaults().matcher("/debug/pprof/**"))
          .authorizeHttpRequests(a -> a.anyRequest().hasRole("OPS"))
          .httpBasic(Customizer.withDefaults())
          .build();
    }

    @Bean
    UserDetailsService users() {
      return new InMemoryUserDetailsManager(
          User.withUsername("ops").password("{noop}pw").roles("OPS").build(),
          User.withUsername("dev").password("{noop}pw").roles("DEV").build());
    }
  }

  @Test
  void theReadmesChainLetsOnlyOperatorsIn() throws Exception {
    GoPprof.findGo();
    try (TestApp app = TestApp.withSecurity(OperatorsOnly.class, "--management.server.port=0", "--jpprof.enabled=true")) {
      int port = app.managementPort();
      assertThat(get(port, PPROF + "heap").statusCode()).as("without credentials").isEqualTo(401);
      assertThat(get(port, PPROF + "heap", basic("dev", "pw")).statusCode()).as("not an operator").isEqualTo(403);
      assertThat(GoPprof.run("-top", "http://ops:pw@127.0.0.1:" + port + PPROF + "heap").ok())
          .contains("Type: inuse_space");
    }
  }

  @Test
  void gracefulShutdownEndsALongProfileAndLeavesNoJpprofThread() throws Exception {
    awaitNoCpuProfile();
    TestApp app = TestApp.start("--management.server.port=0", "--jpprof.enabled=true", "--server.shutdown=graceful");
    CompletableFuture<HttpResponse<byte[]>> profile = TestApp.HTTP.sendAsync(
        HttpRequest.newBuilder(URI.create(TestApp.url(app.managementPort(), PPROF + "profile?seconds=30"))).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!Collectors.process().cpu().active() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(Collectors.process().cpu().active()).as("the profile started").isTrue();
    long t0 = System.nanoTime();
    app.close();
    long closeMillis = (System.nanoTime() - t0) / 1_000_000;
    assertThat(closeMillis).as("close took %d ms with a 30 s profile in flight", closeMillis).isLessThan(10_000);
    profile.handle((r, e) -> null).join(); // cut or ended: either way it is over
    assertThat(Collectors.process().cpu().active()).as("the CPU profile after close").isFalse();
    List<String> left = awaitNoJpprofThreads();
    assertThat(left).as("jpprof threads 10 s after close").isEmpty();
  }

  private static void awaitNoCpuProfile() throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (Collectors.process().cpu().active() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  private static List<String> awaitNoJpprofThreads() throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    List<String> left = jpprofThreads();
    while (!left.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
      left = jpprofThreads();
    }
    return left;
  }

  private static List<String> jpprofThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("jpprof") && t.isAlive())
        .map(Thread::getName).sorted().toList();
  }
}
