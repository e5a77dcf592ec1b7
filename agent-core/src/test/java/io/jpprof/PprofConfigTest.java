package io.jpprof;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpprof.internal.config.ConfigValues;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link PprofConfig}: sources, precedence, and one clear line per unusable value. */
class PprofConfigTest {
  private final List<String> warnings = new ArrayList<>();

  private PprofConfig load(String agentArgs, Properties system, Map<String, String> env) {
    return PprofConfig.load(agentArgs, system, env, warnings::add);
  }

  private static Properties props(String... kv) {
    Properties p = new Properties();
    for (int i = 0; i < kv.length; i += 2) {
      p.setProperty(kv[i], kv[i + 1]);
    }
    return p;
  }

  @Test
  void defaults() {
    PprofConfig c = load("", new Properties(), Map.of());
    assertThat(c.enabled()).isTrue();
    assertThat(c.host()).isEqualTo("127.0.0.1");
    assertThat(c.port()).isEqualTo(6060);
    assertThat(c.path()).isEqualTo("/debug/pprof");
    assertThat(c.token()).isEmpty();
    assertThat(c.blockThreshold()).isEmpty();
    assertThat(c.mutexThreshold()).isEmpty();
    assertThat(c.collectors()).containsExactly("heap", "block", "mutex", "threadcreate");
    assertThat(c.origin("port")).isEqualTo("default");
    assertThat(warnings).isEmpty();
  }

  @Test
  void agentArgumentBeatsSystemPropertyBeatsEnvironmentBeatsFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("jpprof.properties");
    Files.writeString(file, "jpprof.port=1111\njpprof.host=10.0.0.4\njpprof.path=/file\njpprof.token=from-file\n");
    Properties sys = props("jpprof.port", "2222", "jpprof.host", "10.0.0.2", "jpprof.config", file.toString());
    Map<String, String> env = Map.of("JPPROF_PORT", "3333", "JPPROF_HOST", "10.0.0.3", "JPPROF_PATH", "/env/");

    PprofConfig c = load("port=4444", sys, env);

    assertThat(c.port()).isEqualTo(4444);
    assertThat(c.origin("port")).isEqualTo("agent argument port");
    assertThat(c.host()).isEqualTo("10.0.0.2");
    assertThat(c.origin("host")).isEqualTo("system property jpprof.host");
    assertThat(c.path()).isEqualTo("/env");
    assertThat(c.origin("path")).isEqualTo("environment variable JPPROF_PATH");
    assertThat(c.token()).contains("from-file");
    assertThat(c.origin("token")).isEqualTo("jpprof.token in " + file);
    assertThat(warnings).isEmpty();
  }

  @Test
  void environmentNamesFollowTheDottedKeys() {
    PprofConfig c = load("", new Properties(),
        Map.of("JPPROF_BLOCK_THRESHOLD", "5ms", "JPPROF_MUTEX_THRESHOLD", "-1", "JPPROF_ENABLED", "false",
            "JPPROF_COLLECTORS", "heap,mutex", "JPPROF_TOKEN", "s3cret"));
    assertThat(c.blockThreshold()).contains(Duration.ofMillis(5));
    assertThat(c.mutexThreshold()).hasValueSatisfying(d -> assertThat(d.isNegative()).isTrue());
    assertThat(c.enabled()).isFalse();
    assertThat(c.collectors()).containsExactly("heap", "mutex");
    assertThat(c.token()).contains("s3cret");
    assertThat(c.toString()).doesNotContain("s3cret");
    assertThat(warnings).isEmpty();
  }

  @Test
  void agentArgumentsKeepCommasOfAList() {
    PprofConfig c = load("collectors=heap,block,port=0,host=::1", new Properties(), Map.of());
    assertThat(c.collectors()).containsExactly("heap", "block");
    assertThat(c.port()).isZero();
    assertThat(c.host()).isEqualTo("::1");
    assertThat(load("collectors=none", new Properties(), Map.of()).collectors()).isEmpty();
    assertThat(warnings).isEmpty();
  }

  @Test
  void badPortIsOneLineNamingKeyValueAndSourceAndTheNextSourceIsUsed() {
    PprofConfig c = load("port=abc", props("jpprof.port", "7070"), Map.of());
    assertThat(c.port()).isEqualTo(7070);
    assertThat(c.origin("port")).isEqualTo("system property jpprof.port");
    assertThat(warnings).singleElement().asString()
        .contains("port=abc", "agent argument port", "not a port number", "using 7070 from system property jpprof.port");

    warnings.clear();
    c = load("", props("jpprof.port", "-1"), Map.of());
    assertThat(c.port()).isEqualTo(6060);
    assertThat(c.origin("port")).isEqualTo("default");
    assertThat(warnings).singleElement().asString().contains("port=-1", "using 6060, the default");
  }

  @Test
  void badValuesOfEachKindAreReported() {
    load("path=debug,enabled=maybe,block.threshold=soon,collectors=heap,cpu", new Properties(),
        Map.of("JPPROF_PORT", "70000"));
    assertThat(warnings).hasSize(5);
    assertThat(String.join("\n", warnings))
        .contains("path=debug", "must begin with /")
        .contains("enabled=maybe", "not true or false")
        .contains("block.threshold=soon", "not a duration")
        .contains("collectors=heap,cpu", "unknown collector cpu")
        .contains("port=70000", "environment variable JPPROF_PORT");
  }

  @Test
  void unknownKeysAreReportedOnceEach(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("p.properties");
    Files.writeString(file, "jpprof.prot=1\nport=2\n");
    load("prot=6061,config=" + file,
        props("jpprof.hots", "x", "jpprof.virtualThreads.max", "10", "other.key", "y"),
        Map.of("JPPROF_PROT", "1", "JPPROF_HEAP_THROTTLE", "1/s", "PATH", "/bin"));
    assertThat(warnings).hasSize(6);
    assertThat(String.join("\n", warnings))
        .contains("unknown agent argument prot=6061")
        .contains("unknown system property jpprof.hots=x")
        .contains("unknown environment variable JPPROF_PROT=1")
        .contains("JPPROF_HEAP_THROTTLE=1/s: it is read only as the system property -Djpprof.heap.throttle")
        .contains("unknown key jpprof.prot=1 in " + file)
        .contains("unknown key port=2 in " + file)
        .doesNotContain("virtualThreads.max");
  }

  @Test
  void missingFileIsOneLineAndTheRestStillLoads() {
    PprofConfig c = load("port=0", new Properties(), Map.of("JPPROF_CONFIG", "/nonexistent/jpprof.properties"));
    assertThat(c.port()).isZero();
    assertThat(warnings).singleElement().asString()
        .contains("/nonexistent/jpprof.properties", "environment variable JPPROF_CONFIG");
  }

  @Test
  void aBadThresholdSystemPropertyIsLeftToTheRecorderWhichReportsItItself() {
    PprofConfig c = load("", props("jpprof.block.threshold", "abc", "jpprof.mutex.threshold", "2ms"), Map.of());
    assertThat(c.blockThreshold()).isEmpty();
    assertThat(c.mutexThreshold()).contains(Duration.ofMillis(2));
    assertThat(warnings).isEmpty();
  }

  @Test
  void durationsAndPaths() {
    assertThat(ConfigValues.duration("500us")).isEqualTo(Duration.ofNanos(500_000));
    assertThat(ConfigValues.duration("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(ConfigValues.duration("7")).isEqualTo(Duration.ofMillis(7));
    assertThat(ConfigValues.duration("100ns")).isEqualTo(Duration.ofNanos(100));
    assertThat(ConfigValues.path("/")).isEqualTo("/");
    assertThat(ConfigValues.path("/admin/pprof/")).isEqualTo("/admin/pprof");
    assertThat(PprofConfig.envName("virtualThreads.max")).isEqualTo("JPPROF_VIRTUALTHREADS_MAX");
    assertThat(ConfigValues.parseAgentArgs("a=1,b=x=y,,c=")).isEqualTo(Map.of("a", "1", "b", "x=y", "c", ""));
    assertThat(Set.copyOf(PprofConfig.COLLECTORS)).hasSize(4);
  }

  @Test
  void historyIsOffByDefaultAndReadsGoDurationsFromTheEnvironment() {
    assertThat(load("", new Properties(), Map.of()).history()).isEmpty();
    assertThat(load("", new Properties(), Map.of("JPPROF_HISTORY", "10m")).history()).contains(java.time.Duration.ofMinutes(10));
    assertThat(load("history=1h30m", new Properties(), Map.of()).history()).contains(java.time.Duration.ofMinutes(90));
    assertThat(load("", props("jpprof.history", "90s"), Map.of()).history()).contains(java.time.Duration.ofSeconds(90));
    assertThat(load("history=off", new Properties(), Map.of()).history()).isEmpty();
    assertThat(warnings).isEmpty();

    assertThat(load("history=5s", new Properties(), Map.of()).history()).isEmpty();
    assertThat(load("history=10 minutes", new Properties(), Map.of()).history()).isEmpty();
    assertThat(String.join("\n", warnings)).contains("history=5s", "history=10 minutes", "not a history length");
  }

  @Test
  void aDoorsOwnValuesComeFirstUnderTheirSourcesName() {
    Properties sys = props("jpprof.token", "from-system", "jpprof.port", "2222");
    PprofConfig c = PprofConfig.load(Map.of("token", "from-door", "collectors", "heap", "nosuch", "1"),
        "servlet init parameter", sys, Map.of(), warnings::add);
    assertThat(c.token()).contains("from-door");
    assertThat(c.origin("token")).isEqualTo("servlet init parameter token");
    assertThat(c.collectors()).containsExactly("heap");
    assertThat(c.port()).isEqualTo(2222);
    assertThat(warnings).singleElement().asString().startsWith("jpprof: ignoring unknown servlet init parameter nosuch=1");
    assertThat(PprofConfig.keys()).contains("enabled", "token", "block.threshold", "mutex.threshold", "collectors");
  }

  @Test
  void basicCredentialsFromTheEnvironment() {
    PprofConfig c = load("", new Properties(), Map.of("JPPROF_USER", "ops", "JPPROF_PASSWORD", "pw"));
    assertThat(c.user()).contains("ops");
    assertThat(c.password()).contains("pw");
    assertThat(c.toString()).contains("user=ops", "password=****").doesNotContain("pw");
    assertThat(warnings).isEmpty();
  }

  @Test
  void passwordFromAFileWithoutItsLineBreak(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("pw");
    Files.writeString(file, "s3cret pass\n");
    PprofConfig c = load("user=ops", props("jpprof.password.file", file.toString()), Map.of());
    assertThat(c.password()).contains("s3cret pass");
    assertThat(c.toString()).doesNotContain("s3cret");
    assertThat(warnings).isEmpty();
  }

  @Test
  void halfALoginIsOneLineAndNoPassword() {
    PprofConfig c = load("user=ops", props("jpprof.password.file", "/nonexistent/pw"), Map.of());
    assertThat(c.password()).isEmpty();
    assertThat(warnings).hasSize(2);
    assertThat(warnings.get(0)).contains("cannot read the password file /nonexistent/pw",
        "system property jpprof.password.file");
    assertThat(warnings.get(1)).contains("user=ops from agent argument user has no password",
        "every request is refused");
  }

  @Test
  void warningsNeverShowASecret() {
    load("tokn=a1,passwd=a2", props("jpprof.secret", "a3"), Map.of("JPPROF_PASSWRD", "a4"));
    assertThat(warnings).hasSize(4);
    assertThat(String.join("\n", warnings)).doesNotContain("a1", "a2", "a3", "a4").contains("<redacted>");
  }
}
