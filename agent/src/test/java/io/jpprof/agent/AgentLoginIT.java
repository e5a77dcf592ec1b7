package io.jpprof.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpprof.fixtures.GoPprof;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's logins: a user and password from the configuration that {@code go tool pprof
 * http://user:pass@host/...} sends, and no secret of the agent's options in {@code cmdline} or
 * on standard error, whether the options are on the command line or in {@code JAVA_TOOL_OPTIONS}.
 */
@Timeout(120)
class AgentLoginIT {
  @Test
  void goToolPprofSendsTheUserAndPasswordAndCmdlineHidesThem(@TempDir Path dir) throws Exception {
    Path passwordFile = dir.resolve("pw");
    Files.writeString(passwordFile, "s3cret-pw\n");
    try (Jvm app = AgentConfigIT.withAgent(Map.of("JPPROF_PASSWORD_FILE", passwordFile.toString()),
        "-javaagent:" + Jvm.AGENT_JAR + "=port=0,user=ops,token=s3cret-token")) {
      String url = app.servedUrl();
      String hostPort = URI.create(url).getAuthority();
      assertThat(get(url + "heap", null).statusCode()).isEqualTo(401);

      String top = GoPprof.run("-top", "http://ops:s3cret-pw@" + hostPort + "/debug/pprof/heap").ok();
      assertThat(top).contains("Type: inuse_space");

      HttpResponse<String> cmdline = get(url + "cmdline", "Bearer s3cret-token");
      assertThat(cmdline.statusCode()).isEqualTo(200);
      assertThat(cmdline.body()).contains("user=ops,token=<redacted>").doesNotContain("s3cret");
      assertThat(AgentConfigIT.problems(app)).isEmpty();
      assertThat(app.err() + app.out()).doesNotContain("s3cret");
    }
  }

  @Test
  void javaToolOptionsSecretsStayHidden() throws Exception {
    String options = "-javaagent:" + Jvm.AGENT_JAR + "=port=0,user=ops,password=s3cret-pw";
    try (Jvm app = AgentConfigIT.withAgent(Map.of("JAVA_TOOL_OPTIONS", options, "JDK_JAVA_OPTIONS",
        "-Ddb.password=s3cret-db"))) {
      String url = app.servedUrl();
      String basic = Base64.getEncoder().encodeToString("ops:s3cret-pw".getBytes(StandardCharsets.UTF_8));
      HttpResponse<String> cmdline = get(url + "cmdline", "Basic " + basic);
      assertThat(cmdline.statusCode()).isEqualTo(200);
      assertThat(cmdline.body()).doesNotContain("s3cret");
      // the JVM and the launcher echo the variables ("Picked up JAVA_TOOL_OPTIONS: ..."); jpprof adds nothing
      assertThat(app.err().lines().filter(l -> !l.contains("Picked up ")).toList()).noneMatch(l -> l.contains("s3cret"));
    }
  }

  private static HttpResponse<String> get(String url, String authorization) throws Exception {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
    if (authorization != null) {
      r.header("Authorization", authorization);
    }
    return HttpClient.newHttpClient().send(r.build(), HttpResponse.BodyHandlers.ofString());
  }
}
