package io.jpprof.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.CodedOutputStream;
import io.jpprof.Profile;
import io.jpprof.fixtures.BlockedThreads;
import io.jpprof.fixtures.GoPprof;
import io.jpprof.fixtures.TopReport;
import io.jpprof.http.Pprof;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * jpprof on the protobuf-java the build put on the classpath ({@code jpprof.compat.protobuf}; the
 * surefire executions of this module run it with 3.21.12, the latest 3.25 and the newest 4.x):
 * every profile at {@code debug=0}, and a {@code -base} diff, read by the real {@code go tool pprof}.
 */
class ProtobufCompatibilityTest {
  private static final String CUSTOM = "jpprof.compat/held.objects";
  private static final Object HELD = new Object();
  private static Pprof.Server server;
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @BeforeAll
  static void start() {
    Profile.newProfile(CUSTOM).add(HELD, 0);
    server = Pprof.start(0);
  }

  @AfterAll
  static void stop() {
    Profile.lookup(CUSTOM).remove(HELD);
    server.close();
  }

  @Test
  void theProtobufJavaUnderTestIsTheOneLoaded() throws Exception {
    String expected = System.getProperty("jpprof.compat.protobuf");
    assertThat(expected).as("run through this module's surefire executions").isNotBlank();

    Path loadedFrom = Path.of(CodedOutputStream.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    assertThat(loadedFrom.getFileName()).hasToString("protobuf-java-" + expected + ".jar");
    List<String> classpath = Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
    assertThat(classpath).filteredOn(e -> e.contains("protobuf")).hasSize(1);
    assertThat(classpath).noneMatch(e -> e.contains("jpprof-proto"));
    assertThatThrownBy(() -> Class.forName("io.jpprof.proto.ProfileProto"))
        .as("generated classes must not be needed, so they are not here")
        .isInstanceOf(ClassNotFoundException.class);

    if (expected.startsWith("3.")) {
      assertThatThrownBy(() -> Class.forName("com.google.protobuf.RuntimeVersion"))
          .isInstanceOf(ClassNotFoundException.class);
    } else {
      Class<?> runtime = Class.forName("com.google.protobuf.RuntimeVersion");
      String version = runtime.getField("MAJOR").get(null) + "." + runtime.getField("MINOR").get(null)
          + "." + runtime.getField("PATCH").get(null);
      assertThat(version).isEqualTo(expected);
    }
  }

  @ParameterizedTest
  @CsvSource({
      "goroutine,                    goroutine/count",
      "goroutine?seconds=1,          goroutine/count",
      "heap,                         alloc_objects/count",
      "heap?gc=1,                    alloc_objects/count",
      "allocs,                       alloc_objects/count",
      "block,                        contentions/count",
      "mutex,                        contentions/count",
      "threadcreate,                 threadcreate/count",
      "jpprof.compat/held.objects,   jpprof.compat/held.objects/count",
      "profile?seconds=1,            samples/count",
      "delta_heap,                   alloc_objects/count",
  })
  void everyProfileAtDebugZeroIsReadByGoToolPprof(String path, String firstSampleType) throws Exception {
    byte[] body = get(path);
    HandDecoder.Outline outline = HandDecoder.decode(body);
    assertThat(outline.strings()).first().isEqualTo("");
    assertThat(outline.sampleTypes()).first().isEqualTo(firstSampleType);
    assertThat(outline.mappings()).isEqualTo(1);

    String raw = GoPprof.run("-raw", GoPprof.tempFile("compat", body).toString()).ok();
    assertThat(raw).contains("Samples:").contains(firstSampleType);
    if (path.startsWith("goroutine") && !path.contains("seconds")) {
      assertThat(outline.samples()).isPositive();
      assertThat(raw).contains(getClass().getName());
    }
  }

  @Test
  void baseDiffShowsOnlyTheThreadsStartedInBetween() throws Exception {
    Path before = GoPprof.tempFile("base", get("goroutine"));
    try (BlockedThreads leaked = BlockedThreads.start("compat-leak", 7)) {
      Path after = GoPprof.tempFile("after", get("goroutine"));
      TopReport top = TopReport.parse(
          GoPprof.run("-top", "-nodefraction=0", "-base", before.toString(), after.toString()).ok());
      assertThat(top.row(BlockedThreads.METHOD)).as(top.toString()).isNotNull();
      assertThat(top.row(BlockedThreads.METHOD).cum()).as(top.toString()).isEqualTo(7);
    }
  }

  private static byte[] get(String path) throws Exception {
    HttpResponse<byte[]> r = HTTP.send(
        HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(60)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).as(path + ": " + new String(r.body())).isEqualTo(200);
    return r.body();
  }
}
