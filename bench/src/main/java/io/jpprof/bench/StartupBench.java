package io.jpprof.bench;

import io.jpprof.http.Pprof;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;

/**
 * How long {@code Pprof.start(0)} takes in a fresh JVM (class loading included, as a user sees
 * it), and how long until the index page is answered. Run it a few times, one JVM each:
 *
 * <pre>
 * mvn -q -pl bench -am package -DskipTests
 * for i in 1 2 3 4 5; do java -cp 'bench/target/jpprof-bench.jar:bench/target/lib/*' io.jpprof.bench.StartupBench; done
 * </pre>
 */
public final class StartupBench {
  private StartupBench() {}

  public static void main(String[] args) throws Exception {
    long t0 = System.nanoTime();
    try (var server = Pprof.start(0)) {
      long started = System.nanoTime();
      HttpResponse<String> index = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/debug/pprof/")).build(),
          HttpResponse.BodyHandlers.ofString());
      long answered = System.nanoTime();
      System.out.printf(Locale.ROOT, "JDK %s: Pprof.start %.0f ms; first index page (%d) after %.0f ms%n",
          Runtime.version(), (started - t0) / 1e6, index.statusCode(), (answered - t0) / 1e6);
    }
  }
}
