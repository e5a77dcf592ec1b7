package io.jpprof.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import io.jpprof.fixtures.GoPprof;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The agent in software nobody here wrote: the H2 database server from Maven Central, busy with
 * JDBC clients, once started with {@code -javaagent} and once attached after start. Its profiles
 * are read with the real {@code go tool pprof}, and H2's own methods must be in {@code top}.
 */
@Timeout(240)
class H2ServerIT {
  /** Options of both runs: short thresholds so H2's lock waits enter block and mutex. */
  static final String OPTIONS = "port=0,block.threshold=1ms,mutex.threshold=100us";

  @Test
  void javaagent() throws Exception {
    GoPprof.findGo();
    int port = Jvm.freePort();
    try (Jvm h2 = Jvm.h2(port, "-javaagent:" + Jvm.AGENT_JAR + "=" + OPTIONS)) {
      h2.await("TCP server running", Duration.ofSeconds(60));
      String url = h2.servedUrl();
      try (H2Workload work = H2Workload.start(port, 6)) {
        assertProfiles(url, work);
      }
      assertThat(h2.err()).doesNotContain("WARN [jpprof]", "ERROR [jpprof]", "Exception");
      assertThat(h2.err().lines().filter(l -> l.contains(" INFO ")))
          .as("%s", h2).singleElement(STRING).contains("pprof: serving " + url);
      if (Jvm.FEATURE >= 24) { // the bundled jboss-threads' JDK 24 variant (META-INF/versions/24) is used
        assertThat(h2.err()).as("%s", h2).doesNotContain("sun.misc.Unsafe");
      }
    }
  }

  @Test
  void attached() throws Exception {
    GoPprof.findGo();
    int port = Jvm.freePort();
    try (Jvm h2 = Jvm.h2(port)) {
      h2.await("TCP server running", Duration.ofSeconds(60));
      try (H2Workload work = H2Workload.start(port, 6)) {
        Jvm.Result attach = Jvm.run("-jar", Jvm.AGENT_JAR.toString(), Long.toString(h2.pid()), OPTIONS);
        assertThat(attach.exit()).as("%s", attach).isZero();
        String url = attach.out().trim();
        assertThat(url).as("%s", attach).matches("http://127\\.0\\.0\\.1:\\d+/debug/pprof/");
        assertThat(h2.servedUrl()).isEqualTo(url);
        assertProfiles(url, work);
      }
      if (Jvm.FEATURE >= 21) { // JEP 451: the JVM says a dynamically loaded agent is coming
        assertThat(h2.err()).contains("WARNING: A Java agent has been loaded dynamically");
      }
      if (Jvm.FEATURE >= 24) {
        assertThat(h2.err()).as("%s", h2).doesNotContain("sun.misc.Unsafe");
      }
    }
  }

  static void assertProfiles(String url, H2Workload work) throws Exception {
    // let the clients run a moment so heap, block and mutex have something to show
    long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    while (System.nanoTime() < until || work.statements() < 300) {
      work.check();
      Jvm.sleep(100);
    }

    String threads = get(url + "goroutine?debug=2");
    assertThat(threads).contains("org.h2.server.TcpServerThread.run");

    String cpu = GoPprof.run("-top", "-seconds", "3", url + "profile").ok();
    assertThat(cpu).as(cpu).contains("org.h2.");

    String heap = GoPprof.run("-top", "-sample_index=alloc_space", url + "heap").ok();
    assertThat(heap).as(heap).contains("org.h2.");

    String mutex = GoPprof.run("-top", url + "mutex").ok();
    assertThat(mutex).as(mutex).contains("org.h2.");
    work.check();
  }

  static String get(String url) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.body();
  }
}
