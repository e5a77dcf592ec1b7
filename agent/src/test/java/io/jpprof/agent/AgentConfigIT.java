package io.jpprof.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A bad option never stops the application: one clear line on its standard error, and it runs on. */
@Timeout(120)
class AgentConfigIT {
  static Jvm withAgent(Map<String, String> env, String... jvmArgs) {
    List<String> args = new ArrayList<>(List.of(jvmArgs));
    args.addAll(List.of("-cp", AttachIT.CLASSES, Sleeper.class.getName()));
    return Jvm.start(env, args).await("ready", Duration.ofSeconds(30));
  }

  static List<String> problems(Jvm jvm) {
    return jvm.err().lines().filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")).toList();
  }

  @Test
  void badPortValueIsOneLineAndTheNextSourceServes() throws Exception {
    try (Jvm app = withAgent(Map.of("JPPROF_PORT", "0"), "-javaagent:" + Jvm.AGENT_JAR, "-Djpprof.port=abc")) {
      String url = app.servedUrl();
      assertThat(problems(app)).singleElement().asString().contains(
          "WARN [jpprof] jpprof: ignoring port=abc from system property jpprof.port: not a port number",
          "using 0 from environment variable JPPROF_PORT");
      assertThat(H2ServerIT.get(url + "goroutine?debug=1")).contains(Sleeper.class.getName() + ".main");
      app.await("tick 1", Duration.ofSeconds(30));
    }
  }

  @Test
  void portInUseIsOneErrorLineAndTheApplicationRuns() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      try (Jvm app = withAgent(Map.of(), "-javaagent:" + Jvm.AGENT_JAR + "=port=" + port)) {
        app.await("cannot listen", Duration.ofSeconds(30)).await("tick 1", Duration.ofSeconds(30));
        assertThat(problems(app)).singleElement().asString().contains(
            "ERROR [jpprof] jpprof: cannot listen on 127.0.0.1:" + port + " (port from agent argument port",
            "): Address already in use; /debug/pprof is off, the application continues");
        assertThat(app.err()).doesNotContain("\tat ");
      }
    }
  }

  @Test
  void unknownKeyIsOneLineNamingIt() {
    try (Jvm app = withAgent(Map.of(), "-javaagent:" + Jvm.AGENT_JAR + "=port=0", "-Djpprof.prot=6061")) {
      app.servedUrl();
      assertThat(problems(app)).singleElement().asString()
          .contains("WARN [jpprof] jpprof: ignoring unknown system property jpprof.prot=6061");
      app.await("tick 1", Duration.ofSeconds(30));
    }
  }

  @Test
  void disabledStartsNothing() {
    try (Jvm app = withAgent(Map.of("JPPROF_ENABLED", "false"), "-javaagent:" + Jvm.AGENT_JAR + "=port=0")) {
      app.await("jpprof: not started: enabled=false (environment variable JPPROF_ENABLED)", Duration.ofSeconds(30));
      app.await("tick 1", Duration.ofSeconds(30));
      assertThat(app.err()).doesNotContain("serving");
    }
  }
}
