package io.jpprof.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.Socket;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Starting, addressing and stopping a server; its threads. */
class ServerLifecycleTest {
  @Test
  void startReturnsOnceConnectionsAreAcceptedAndReportsTheBoundPort() throws IOException {
    try (Pprof.Server server = Pprof.start(0)) {
      assertThat(server.port()).isPositive();
      assertThat(server.host()).isEqualTo("127.0.0.1");
      assertThat(server.url()).isEqualTo("http://127.0.0.1:" + server.port() + "/debug/pprof/");
      assertThat(new RawHttp(server.port()).get("/debug/pprof/cmdline").status()).isEqualTo(200);
    }
  }

  @Test
  void serverThreadsAreDaemonsAndAllEndOnClose() throws IOException {
    Pprof.Server server = Pprof.start(0);
    RawHttp http = new RawHttp(server.port());
    for (int i = 0; i < 8; i++) {
      assertThat(http.get("/debug/pprof/goroutine?debug=1").status()).isEqualTo(200);
    }
    List<Thread> threads = threadsOf(server);
    assertThat(threads).isNotEmpty().allMatch(Thread::isDaemon);

    server.close();
    server.close(); // idempotent
    assertThat(threadsOf(server)).isEmpty();
    assertThat(threads).noneMatch(Thread::isAlive);
    assertThatThrownBy(() -> new Socket("127.0.0.1", server.port()).close()).isInstanceOf(ConnectException.class);
  }

  @Test
  void noThreadOutsideTheServerNamesIsLeftBehind() throws Exception {
    Pprof.start(0).close(); // warm up process-wide singletons (XNIO provider, loggers)
    java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
    try (Pprof.Server server = Pprof.start(0)) {
      new RawHttp(server.port()).get("/debug/pprof/");
    }
    java.util.Set<Thread> after = new java.util.HashSet<>(Thread.getAllStackTraces().keySet());
    after.removeAll(before);
    after.removeIf(t -> !t.isAlive());
    assertThat(after).isEmpty();
  }

  @Test
  void busyPortIsAnUncheckedIoException() {
    try (Pprof.Server first = Pprof.start(0)) {
      assertThatThrownBy(() -> Pprof.start(first.port()))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("127.0.0.1:" + first.port());
    }
  }

  @Test
  void builderRejectsBadSettings() {
    assertThatThrownBy(() -> Pprof.builder().port(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Pprof.builder().port(65536)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Pprof.builder().host("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Pprof.builder().pathPrefix("debug")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Pprof.builder().pathPrefix("/a//b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Pprof.builder().pathPrefix("/a/../b")).isInstanceOf(IllegalArgumentException.class);
  }

  private static List<Thread> threadsOf(Pprof.Server server) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith(server.workerName() + " "))
        .toList();
  }
}
