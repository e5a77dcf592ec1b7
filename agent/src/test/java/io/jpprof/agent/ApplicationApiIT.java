package io.jpprof.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpprof.fixtures.GoPprof;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An application that calls jpprof's API through its own jpprof-agent-core, run with the agent:
 * its labels are in the agent's CPU and goroutine profiles and its custom profile is served, on a
 * plain class path and from a Spring Boot fat jar (Boot's own launcher and nested jars); an
 * application jpprof of another protocol, or one in use before the agent is attached, gets the
 * agent's one WARN line instead.
 */
@Timeout(180)
class ApplicationApiIT {
  private static final String WARN_MISMATCH = "WARN [jpprof] jpprof: the application's jpprof 9.9.9 (API protocol 99)"
      + " does not match this agent's";
  private static final String WARN_LATE = "WARN [jpprof] jpprof: the application's own jpprof was in use before the agent was loaded";

  /** Also: the application's own CPU profile, running at the same time, keeps the labels too. */
  @Test
  void plainClassPath() throws Exception {
    Path own = Files.createTempFile("own-cpu", ".pb.gz");
    try (Jvm app = Jvm.start(Map.of(), List.of("-javaagent:" + Jvm.AGENT_JAR + "=port=0",
        "-cp", String.join(File.pathSeparator, applicationClassPath()), LabelledApp.class.getName(), "own=" + own))) {
      app.await("app ready", Duration.ofSeconds(60));
      String url = app.servedUrl();
      assertApplicationLabelsServed(url, true);
      app.await("own profile written", Duration.ofSeconds(30));
      assertThat(GoPprof.run("-top", "-tagfocus=route=a", own.toString()).ok())
          .contains("LabelledApp.burnA").doesNotContain("LabelledApp.burnB");
      assertThat(app.err()).doesNotContain("WARN", "ERROR", "Exception");
    } finally {
      Files.deleteIfExists(own);
    }
  }

  @Test
  void springBootFatJar() throws Exception {
    Path jar = fatJar();
    try (Jvm app = Jvm.start(Map.of(), List.of("-javaagent:" + Jvm.AGENT_JAR + "=port=0", "-jar", jar.toString()))) {
      app.await("app ready", Duration.ofSeconds(60));
      assertThat(app.out()).contains("LaunchedClassLoader"); // the application's jpprof is in the fat jar
      String url = app.servedUrl();
      assertApplicationLabelsServed(url, false);
      assertThat(app.err()).doesNotContain("WARN", "ERROR", "Exception");
    } finally {
      Files.deleteIfExists(jar);
    }
  }

  @Test
  void anotherProtocolGetsOneWarning() {
    try (Jvm app = Jvm.start(Map.of(), List.of("-javaagent:" + Jvm.AGENT_JAR + "=port=0",
        "-cp", String.join(File.pathSeparator, applicationClassPath()), LabelledApp.class.getName(), "mismatch"))) {
      app.await("app ready", Duration.ofSeconds(60));
      assertThat(app.out()).contains("connected false");
      // held back until the agent's logging is up (it starts on the agent's thread)
      app.await(WARN_MISMATCH, Duration.ofSeconds(10));
      List<String> warnings = app.err().lines().filter(l -> l.contains("WARN")).toList();
      assertThat(warnings).hasSize(1);
      assertThat(warnings.get(0)).contains(WARN_MISMATCH)
          .endsWith("its labels and custom profiles are not in the agent's profiles; use the same jpprof version for both");
    }
  }

  @Test
  void attachedAfterTheApplicationsJpprofWasInUseWarns() throws Exception {
    try (Jvm app = Jvm.start(Map.of(), List.of(
        "-cp", String.join(File.pathSeparator, applicationClassPath()), LabelledApp.class.getName()))) {
      app.await("app ready", Duration.ofSeconds(60));
      Jvm.Result attach = AttachIT.attach(Long.toString(app.pid()), "port=0");
      assertThat(attach.exit()).as("%s", attach).isZero();
      app.await(WARN_LATE, Duration.ofSeconds(10));
      assertThat(app.err().lines().filter(l -> l.contains("WARN [jpprof]"))).hasSize(1); // JDK 21+ adds its own WARNINGs
    }
  }

  /** The application's OpenTelemetry spans (through its jpprof-opentelemetry) in the agent's CPU profile. */
  @Test
  void openTelemetrySpanIdsInTheAgentsProfile() throws Exception {
    List<String> cp = applicationClassPath();
    cp.addAll(jars("opentelemetry"));
    try (Jvm app = Jvm.start(Map.of(), List.of("-javaagent:" + Jvm.AGENT_JAR + "=port=0",
        "-cp", String.join(File.pathSeparator, cp), TracedApp.class.getName()))) {
      app.await("span search", Duration.ofSeconds(60)).await("span checkout", Duration.ofSeconds(10));
      String url = app.servedUrl();
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("span (\\w+) ([0-9a-f]{16})").matcher(app.out());
      Map<String, String> ids = new java.util.HashMap<>();
      while (m.find()) {
        ids.put(m.group(1), m.group(2));
      }
      GoPprof.findGo();
      Path profile = Files.createTempFile("cpu", ".pb.gz");
      try {
        try (InputStream in = java.net.URI.create(url + "profile?seconds=3").toURL().openStream()) {
          Files.copy(in, profile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        assertThat(GoPprof.run("-top", "-tagfocus=span_id=" + ids.get("checkout"), profile.toString()).ok())
            .contains("TracedApp.checkout").doesNotContain("TracedApp.search");
        assertThat(GoPprof.run("-top", "-tagfocus=span_id=" + ids.get("search"), profile.toString()).ok())
            .contains("TracedApp.search").doesNotContain("TracedApp.checkout");
      } finally {
        Files.deleteIfExists(profile);
      }
      assertThat(app.err()).doesNotContain("WARN", "ERROR", "Exception");
    }
  }

  private static void assertApplicationLabelsServed(String url, boolean customProfile) throws Exception {
    String goroutine = H2ServerIT.get(url + "goroutine?debug=1");
    assertThat(goroutine).contains("# labels: {\"route\":\"idle\"");

    GoPprof.findGo();
    Path profile = Files.createTempFile("cpu", ".pb.gz");
    try {
      try (InputStream in = java.net.URI.create(url + "profile?seconds=4").toURL().openStream()) {
        Files.copy(in, profile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      String a = GoPprof.run("-top", "-tagfocus=route=a", profile.toString()).ok();
      assertThat(a).contains("LabelledApp.burnA").doesNotContain("LabelledApp.burnB");
      String b = GoPprof.run("-top", "-tagfocus=route=b", profile.toString()).ok();
      assertThat(b).contains("LabelledApp.burnB").doesNotContain("LabelledApp.burnA");
    } finally {
      Files.deleteIfExists(profile);
    }
    if (customProfile) {
      String files = GoPprof.run("-top", url + "com.example.open.files").ok();
      assertThat(files).contains("LabelledApp.openFile");
      // the stack begins at the application's caller of add, as in the application's own copy
      assertThat(H2ServerIT.get(url + "com.example.open.files?debug=1"))
          .contains("com.example.open.files profile: total 1")
          .doesNotContain("io.jpprof.agent.ApiBridge", "AgentLink", "io.jpprof.Profile.add");
    }
  }

  /** The test classes and the application's own jpprof-agent-core with what it needs. */
  static List<String> applicationClassPath() {
    List<String> cp = new ArrayList<>(List.of(AttachIT.CLASSES));
    cp.addAll(jpprofJars());
    return cp;
  }

  /** jpprof-agent-core (its jar, or its classes in an IDE), protobuf-java and slf4j-api from the test's class path. */
  private static List<String> jpprofJars() {
    List<String> out = jars("agent-core", "protobuf-java", "slf4j-api");
    assertThat(out).as("agent-core, protobuf-java, slf4j-api on %s", System.getProperty("java.class.path")).hasSize(3);
    return out;
  }

  /** The entries of the test's class path whose path contains one of {@code parts}. */
  private static List<String> jars(String... parts) {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> Arrays.stream(parts).anyMatch(e::contains))
        .toList();
  }

  /**
   * A Spring Boot executable jar as Boot's plugin writes it: Boot 3's launcher at the root, the
   * application's classes in BOOT-INF/classes, its libraries stored (not compressed) in
   * BOOT-INF/lib.
   */
  private static Path fatJar() throws IOException {
    Path jar = Files.createTempFile("labelled-app", ".jar");
    Manifest mf = new Manifest();
    Attributes main = mf.getMainAttributes();
    main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
    main.put(Attributes.Name.MAIN_CLASS, "org.springframework.boot.loader.launch.JarLauncher");
    main.putValue("Start-Class", LabelledApp.class.getName());
    main.putValue("Spring-Boot-Classes", "BOOT-INF/classes/");
    main.putValue("Spring-Boot-Lib", "BOOT-INF/lib/");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), mf)) {
      try (JarFile tools = new JarFile(Jvm.TEST_APPS.resolve("spring-boot-loader-tools.jar").toFile());
          JarInputStream loader = new JarInputStream(tools.getInputStream(tools.getEntry("META-INF/loader/spring-boot-loader.jar")))) {
        for (JarEntry e = loader.getNextJarEntry(); e != null; e = loader.getNextJarEntry()) {
          if (!e.getName().startsWith("META-INF/")) {
            out.putNextEntry(new JarEntry(e.getName()));
            loader.transferTo(out);
            out.closeEntry();
          }
        }
      }
      for (String dir : List.of("BOOT-INF/", "BOOT-INF/classes/", "BOOT-INF/classes/io/", "BOOT-INF/classes/io/jpprof/",
          "BOOT-INF/classes/io/jpprof/agent/", "BOOT-INF/lib/")) {
        out.putNextEntry(new JarEntry(dir));
        out.closeEntry();
      }
      Path classes = Path.of(AttachIT.CLASSES);
      try (Stream<Path> files = Files.walk(classes.resolve("io/jpprof/agent"))) {
        for (Path f : files.filter(p -> p.getFileName().toString().startsWith("LabelledApp")).toList()) {
          out.putNextEntry(new JarEntry("BOOT-INF/classes/" + classes.relativize(f).toString().replace(File.separatorChar, '/')));
          Files.copy(f, out);
          out.closeEntry();
        }
      }
      for (String lib : jpprofJars()) {
        Path p = Path.of(lib);
        byte[] bytes = Files.isDirectory(p) ? jarOf(p) : Files.readAllBytes(p);
        String name = Files.isDirectory(p) ? "jpprof-agent-core.jar" : p.getFileName().toString();
        stored(out, "BOOT-INF/lib/" + name, bytes);
      }
    }
    return jar;
  }

  private static void stored(JarOutputStream out, String name, byte[] bytes) throws IOException {
    JarEntry e = new JarEntry(name);
    e.setMethod(ZipEntry.STORED);
    e.setSize(bytes.length);
    e.setCompressedSize(bytes.length);
    CRC32 crc = new CRC32();
    crc.update(bytes);
    e.setCrc(crc.getValue());
    out.putNextEntry(e);
    out.write(bytes);
    out.closeEntry();
  }

  /** A jar of a classes directory (agent-core's, when the build hands the tests its classes). */
  private static byte[] jarOf(Path dir) throws IOException {
    var bytes = new java.io.ByteArrayOutputStream();
    try (JarOutputStream out = new JarOutputStream(bytes); Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        out.putNextEntry(new JarEntry(dir.relativize(f).toString().replace(File.separatorChar, '/')));
        Files.copy(f, (OutputStream) out);
        out.closeEntry();
      }
    }
    return bytes.toByteArray();
  }
}
