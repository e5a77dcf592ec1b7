package io.jpprof.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpprof.internal.Collectors;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A guest in someone else's JVM: started, used and stopped in a child JVM with slf4j-simple as the
 * application's back-end (so jboss-logging falls back to java.util.logging), jpprof writes exactly
 * one INFO line on stderr, where it serves; at WARN, nothing at all. No JUL line, and on JDK 24+
 * no {@code sun.misc.Unsafe} warning: the whole of stderr is compared.
 */
class QuietGuestTest {
  /** The child program: start, serve a few requests, stop. */
  public static final class Main {
    public static void main(String[] args) throws Exception {
      try (Pprof.Server server = Pprof.start(0)) {
        if (!Collectors.process().stream().awaitRunning(Duration.ofSeconds(20))) {
          System.exit(3);
        }
        HttpClient http = HttpClient.newHttpClient();
        for (String path : List.of("heap?debug=1", "goroutine", "allocs", "profile?seconds=1", "delta_heap", "nope")) {
          HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(server.url() + path)).build(),
              HttpResponse.BodyHandlers.ofByteArray());
          if (r.statusCode() != (path.equals("nope") ? 404 : 200)) {
            System.exit(4);
          }
        }
      }
      System.out.println("done");
    }
  }

  private record Run(int exit, String stdout, String stderr) {}

  private static Run child(String... args) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>(List.of(java.toString(), "-cp", System.getProperty("java.class.path")));
    boolean ownMain = args.length > 0 && !args[args.length - 1].startsWith("-");
    command.addAll(List.of(args));
    if (!ownMain) {
      command.add(Main.class.getName());
    }
    Process p = new ProcessBuilder(command).start();
    var err = p.getErrorStream();
    var out = p.getInputStream();
    boolean exited = p.waitFor(60, TimeUnit.SECONDS);
    if (!exited) {
      p.destroyForcibly().waitFor();
    }
    Run run = new Run(p.exitValue(), new String(out.readAllBytes(), StandardCharsets.UTF_8),
        new String(err.readAllBytes(), StandardCharsets.UTF_8));
    assertThat(exited).as("child still running: " + run).isTrue();
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.stdout()).isEqualTo("done" + System.lineSeparator());
    return run;
  }

  @Test
  void oneInfoLineWhereItServesAndNothingElse() throws Exception {
    Run run = child();
    assertThat(run.stderr().lines().toList())
        .as(run.stderr())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .matches("\\[main] INFO io\\.jpprof\\.http\\.Pprof - pprof: serving http://127\\.0\\.0\\.1:\\d+/debug/pprof/");
  }

  @Test
  void nothingAtAllAtWarn() throws Exception {
    Run run = child("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    assertThat(run.stderr()).isEmpty();
  }

  @Test
  void theLibrariesLogAtDebugThroughSlf4j() throws Exception {
    Run run = child("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-Dorg.slf4j.simpleLogger.log.org.xnio=debug",
        "-Dorg.slf4j.simpleLogger.log.io.undertow=debug");
    assertThat(run.stderr())
        .contains("DEBUG org.xnio - XNIO version")
        .contains("DEBUG io.undertow - starting server: Undertow")
        .doesNotContain("INFO: ");
  }

  /** The host's own records in the same categories come out as before, through its own filter. */
  @Test
  void theHostsRecordsAndFiltersAreLeftAlone() throws Exception {
    Run run = child(com.example.host.HostApp.class.getName());
    assertThat(run.stderr().lines().filter(l -> l.startsWith("INFO: ") || l.startsWith("WARNING: ")).toList())
        .as(run.stderr())
        .containsExactly(
            "INFO: host record before jpprof",
            "INFO: host record while jpprof serves",
            "WARNING: host-filtered host warning while jpprof serves",
            "INFO: host-filtered host record after jpprof");
    assertThat(run.stderr()).containsOnlyOnce("INFO io.jpprof.http.Pprof - pprof: serving");
  }
}
