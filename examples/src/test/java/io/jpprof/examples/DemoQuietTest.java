package io.jpprof.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The demo as the README starts it, in its own JVM with the examples' runtime class path (jpprof,
 * Undertow and slf4j-simple as the application's back-end), on a taken port so its free-port
 * fallback runs too: on standard error, jpprof's one INFO line where it serves and no
 * java.util.logging line; with slf4j-simple at WARN, nothing at all. The demo's own story text goes
 * to standard output.
 */
@Timeout(120)
class DemoQuietTest {
  private static final Pattern SERVING = Pattern.compile("jpprof demo: serving (http://\\S+)");

  @Test
  void oneInfoLineWhereItServesAndNoJulLine() throws Exception {
    try (DemoJvm demo = DemoJvm.start()) {
      String url = demo.awaitServing();
      assertThat(demo.err().lines().filter(DemoQuietTest::julLine).toList()).as(demo.toString()).isEmpty();
      assertThat(demo.err().lines().toList()).as(demo.toString())
          .singleElement(STRING)
          .isEqualTo("[main] INFO io.jpprof.http.Pprof - pprof: serving " + url);
    }
  }

  @Test
  void nothingAtAllAtWarn() throws Exception {
    try (DemoJvm demo = DemoJvm.start("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")) {
      demo.awaitServing();
      assertThat(demo.err()).as(demo.toString()).isEmpty();
    }
  }

  /** java.util.logging's SimpleFormatter: a date-and-source line, then {@code LEVEL: message}. */
  static boolean julLine(String line) {
    return line.matches("(SEVERE|WARNING|INFO|CONFIG|FINE|FINER|FINEST): .*")
        || line.matches(".*\\d{4}.* \\d{1,2}:\\d{2}:\\d{2}.* (org\\.xnio|io\\.undertow|org\\.jboss)\\..*");
  }

  /** The demo's JVM, its output in files, killed on close. */
  private record DemoJvm(Process process, Path stdout, Path stderr, ServerSocket taken) implements AutoCloseable {
    static DemoJvm start(String... jvmArgs) throws IOException {
      // the examples' runtime class path (written by the build), and the demo's own classes
      String runtime = Files.readString(Path.of("target", "runtime-classpath.txt")).trim();
      String classes = Path.of("target", "classes").toAbsolutePath().toString();
      ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(List.of(jvmArgs));
      command.addAll(List.of("-cp", classes + File.pathSeparator + runtime, Demo.class.getName(),
          Integer.toString(taken.getLocalPort())));
      Path dir = Files.createTempDirectory("jpprof-demo");
      Path out = dir.resolve("stdout");
      Path err = dir.resolve("stderr");
      Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      return new DemoJvm(p, out, err, taken);
    }

    /**
     * Waits for the URL the demo prints, then reads two profiles from it so that the server, its
     * collectors and the stories have all run before standard error is judged.
     */
    String awaitServing() throws Exception {
      long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      Matcher m;
      while (!(m = SERVING.matcher(out())).find()) {
        assertThat(process.isAlive()).as("the demo ended: %s", this).isTrue();
        assertThat(System.nanoTime()).as("no URL within 60 s: %s", this).isLessThan(end);
        Thread.sleep(50);
      }
      String url = m.group(1);
      assertThat(out()).contains("port " + taken.getLocalPort() + " is taken");
      HttpClient http = HttpClient.newHttpClient();
      for (String path : List.of("goroutine?debug=1", "heap?debug=1")) {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + path))
            .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("%s: %s", path, r.body()).isEqualTo(200);
      }
      return url;
    }

    String out() throws IOException {
      return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    String err() throws IOException {
      return Files.readString(stderr, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws Exception {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
      taken.close();
      Files.deleteIfExists(stdout);
      Files.deleteIfExists(stderr);
      Files.deleteIfExists(stdout.getParent());
    }

    @Override
    public String toString() {
      try {
        return "stdout:\n" + out() + "\nstderr:\n" + err();
      } catch (IOException e) {
        return e.toString();
      }
    }
  }
}
