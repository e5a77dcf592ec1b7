package io.jpprof.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpprof.fixtures.GoPprof;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An application with its own Undertow 2.2 and protobuf-java 3.25 keeps them, and the agent (which
 * bundles Undertow 2.3 and protobuf 4) serves beside it: nothing in the jar outside
 * io.jpprof.agent can meet the application's classes.
 */
@Timeout(120)
class ConflictingLibrariesIT {
  @Test
  void applicationKeepsItsOwnUndertowAndProtobuf() throws Exception {
    List<String> cp = new ArrayList<>(List.of(AttachIT.CLASSES));
    try (Stream<java.nio.file.Path> jars = Files.list(Jvm.TEST_APPS.resolve("conflict"))) {
      jars.map(Object::toString).sorted().forEach(cp::add);
    }
    try (Jvm app = Jvm.start(Map.of(), List.of("-javaagent:" + Jvm.AGENT_JAR + "=port=0",
        "-cp", String.join(File.pathSeparator, cp), ConflictApp.class.getName()))) {
      app.await("app listening", Duration.ofSeconds(60));
      String url = app.servedUrl();
      assertThat(app.out()).contains("undertow 2.2.37.Final").containsPattern("protobuf \\S*protobuf-java-3\\.25\\.5\\.jar");

      Matcher m = Pattern.compile("app listening (\\d+)").matcher(app.out());
      assertThat(m.find()).isTrue();
      HttpResponse<byte[]> own = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + m.group(1) + "/")).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertThat(own.body()).containsExactly(8, 42); // Timestamp{seconds: 42}

      assertThat(H2ServerIT.get(url + "goroutine?debug=2")).contains("io.jpprof.agent.ConflictApp.main");
      GoPprof.findGo();
      assertThat(GoPprof.run("-top", url + "goroutine").ok()).contains("io.jpprof.agent.ConflictApp.main");
      assertThat(GoPprof.run("-top", "-sample_index=alloc_space", url + "heap").ok()).contains("flat%");
      assertThat(app.err()).doesNotContain("Exception", "WARN [jpprof]", "ERROR");
    }
  }

  @Test
  void jarHoldsOnlyRelocatedClassesAndTheAgentManifest() throws Exception {
    try (JarFile jar = new JarFile(Jvm.AGENT_JAR.toFile())) {
      List<String> classes = jar.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class")).toList();
      // a multi-release class counts by its path below META-INF/versions/N/
      List<String> foreign = classes.stream().map(ConflictingLibrariesIT::logicalPath)
          .filter(n -> !n.startsWith("io/jpprof/agent/")).toList();
      assertThat(foreign).isEmpty();
      List<String> unshaded = classes.stream().map(ConflictingLibrariesIT::logicalPath)
          .filter(n -> n.startsWith("io/jpprof/agent/")
              && !n.startsWith("io/jpprof/agent/shaded/") && n.indexOf('/', "io/jpprof/agent/".length()) >= 0)
          .toList();
      assertThat(unshaded).isEmpty();
      // jboss-threads' JDK 24 variant (no sun.misc.Unsafe) replaces a relocated class of the same name
      List<String> versioned = classes.stream().filter(n -> n.startsWith("META-INF/versions/")).toList();
      assertThat(versioned).contains("META-INF/versions/24/io/jpprof/agent/shaded/jboss/threads/JDKSpecific.class");
      for (String v : versioned) {
        assertThat(jar.getEntry(logicalPath(v))).as("the root class of %s", v).isNotNull();
      }
      var attrs = jar.getManifest().getMainAttributes();
      assertThat(attrs.getValue("Multi-Release")).isEqualTo("true");
      assertThat(attrs.getValue("Premain-Class")).isEqualTo(Agent.class.getName());
      assertThat(attrs.getValue("Agent-Class")).isEqualTo(Agent.class.getName());
      assertThat(attrs.getValue("Main-Class")).isEqualTo(Agent.class.getName());
      assertThat(jar.getEntry("META-INF/services/io.jpprof.agent.shaded.slf4j.spi.SLF4JServiceProvider")).isNotNull();
      assertThat(jar.getEntry("META-INF/services/org.slf4j.spi.SLF4JServiceProvider")).isNull();
    }
  }

  /** {@code META-INF/versions/24/a/B.class} -> {@code a/B.class}. */
  static String logicalPath(String entry) {
    Matcher m = VERSIONED.matcher(entry);
    return m.matches() ? m.group(1) : entry;
  }

  private static final Pattern VERSIONED = Pattern.compile("META-INF/versions/\\d+/(.+)");
}
