package io.jpprof.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpprof.fixtures.Recordings;
import io.jpprof.internal.Collectors;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Access control, the DNS-rebinding guard, rate limits, long-request limits, slow clients. */
class GuardrailsTest {
  @Test
  void bearerTokenAndBasicAuth() throws IOException {
    try (Pprof.Server s = Pprof.builder().port(0).token("s3cret").basicAuth("ops", "pw").start()) {
      RawHttp.Response none = raw(s.port(), "GET /debug/pprof/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
      assertThat(none.status()).isEqualTo(401);
      assertThat(none.header("WWW-Authenticate")).startsWith("Basic realm=\"jpprof\"");
      assertThat(none.header("X-Go-Pprof")).isEqualTo("1");
      assertThat(none.text()).startsWith("jpprof: unauthorized: send credentials");
      assertThat(raw(s.port(), get("/debug/pprof/", "Authorization: Bearer wrong")).status()).isEqualTo(401);
      assertThat(raw(s.port(), get("/debug/pprof/", "Authorization: Bearer s3cret")).status()).isEqualTo(200);
      String basic = Base64.getEncoder().encodeToString("ops:pw".getBytes(StandardCharsets.UTF_8));
      assertThat(raw(s.port(), get("/debug/pprof/cmdline", "Authorization: Basic " + basic)).status()).isEqualTo(200);
    }
  }

  @Test
  void predicateRefusesWith403() throws IOException {
    try (Pprof.Server s = Pprof.builder().port(0).authorize(r -> "yes".equals(r.header("X-Allowed"))).start()) {
      assertThat(raw(s.port(), get("/debug/pprof/", "X-Allowed: no")).status()).isEqualTo(403);
      assertThat(raw(s.port(), get("/debug/pprof/", "X-Allowed: yes")).status()).isEqualTo(200);
    }
  }

  @Test
  void loopbackBindRefusesForeignHostHeaders() throws IOException {
    try (Pprof.Server s = Pprof.start(0)) {
      for (String host : new String[] {"127.0.0.1:" + s.port(), "localhost", "LOCALHOST:1", "[::1]:6060", "127.1.2.3"}) {
        assertThat(raw(s.port(), "GET /debug/pprof/ HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").status())
            .as(host).isEqualTo(200);
      }
      for (String host : new String[] {"evil.example", "evil.example:" + s.port(), "10.0.0.1", "127.0.0.1.nip.io"}) {
        RawHttp.Response r = raw(s.port(), "GET /debug/pprof/ HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
        assertThat(r.status()).as(host).isEqualTo(403);
        assertThat(r.text()).contains("DNS-rebinding guard");
      }
    }
  }

  @Test
  void forcedGcIsRateLimited() throws IOException {
    try (Pprof.Server s = Pprof.builder().port(0).gcInterval(Duration.ofSeconds(30)).start()) {
      RawHttp http = new RawHttp(s.port());
      long before = fullGcs();
      int ok = 0;
      int limited = 0;
      for (int i = 0; i < 20; i++) {
        RawHttp.Response r = http.get("/debug/pprof/heap?gc=1&debug=1");
        if (r.status() == 200) {
          ok++;
        } else {
          assertThat(r.status()).isEqualTo(429);
          assertThat(r.header("Retry-After")).isNotNull();
          assertThat(r.text()).startsWith("jpprof: gc=1 forces a full GC at most once every 30s; retry in ");
          limited++;
        }
      }
      assertThat(ok).isLessThanOrEqualTo(1);
      assertThat(limited).isGreaterThanOrEqualTo(19);
      assertThat(fullGcs() - before).as("full GCs during the flood").isLessThanOrEqualTo(2);
      assertThat(http.get("/debug/pprof/heap?debug=1").status()).as("heap without gc=1 still served").isEqualTo(200);
    }
  }

  @Test
  void longRequestsBeyondTheLimitGet503AndTheIndexStaysFast() throws Exception {
    try (Pprof.Server s = Pprof.builder().port(0).maxLongRequests(32).start()) {
      List<Socket> longOnes = new ArrayList<>();
      try {
        for (int i = 0; i < 32; i++) {
          Socket c = new Socket("127.0.0.1", s.port());
          c.getOutputStream().write(get("/debug/pprof/goroutine?seconds=20").getBytes(StandardCharsets.US_ASCII));
          longOnes.add(c);
        }
        for (Socket c : longOnes) {
          c.setSoTimeout(10_000);
          assertThat(c.getInputStream().read()).isEqualTo('H'); // all 32 in their window
        }
        RawHttp.Response over = new RawHttp(s.port()).get("/debug/pprof/goroutine?seconds=1");
        assertThat(over.status()).isEqualTo(503);
        assertThat(over.text()).isEqualTo("jpprof: too many long requests in flight (at most 32); try again when one ends\n");
        long[] ms = new long[50];
        for (int i = 0; i < ms.length; i++) {
          long t0 = System.nanoTime();
          assertThat(new RawHttp(s.port()).get("/debug/pprof/").status()).isEqualTo(200);
          ms[i] = (System.nanoTime() - t0) / 1_000_000;
        }
        java.util.Arrays.sort(ms);
        assertThat(ms[ms.length - 1]).as("index p100 (ms) with 32 long requests in flight").isLessThan(500);
        assertThat(ms[ms.length * 99 / 100 - 1]).as("index p99 (ms)").isLessThan(200);
      } finally {
        for (Socket c : longOnes) {
          c.close();
        }
      }
    }
  }

  @Test
  void slowlorisConnectionsDoNotStopTheIndexAndAreClosed() throws Exception {
    try (Pprof.Server s = Pprof.builder().port(0).requestParseTimeout(Duration.ofSeconds(2)).start()) {
      List<Socket> stalled = new ArrayList<>();
      try {
        for (int i = 0; i < 500; i++) {
          Socket c = new Socket("127.0.0.1", s.port());
          c.getOutputStream().write("GET /debug/pprof/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
          stalled.add(c);
        }
        for (int i = 0; i < 4; i++) { // and 4 stalled symbol POST bodies: no worker is held
          Socket c = new Socket("127.0.0.1", s.port());
          c.getOutputStream().write("POST /debug/pprof/symbol HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\n0x1+"
              .getBytes(StandardCharsets.US_ASCII));
          stalled.add(c);
        }
        long t0 = System.nanoTime();
        assertThat(new RawHttp(s.port()).get("/debug/pprof/").status()).isEqualTo(200);
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(2000);
        Socket first = stalled.get(0);
        first.setSoTimeout(10_000);
        assertThat(first.getInputStream().read()).as("a stalled connection is closed by the parse timeout").isEqualTo(-1);
      } finally {
        for (Socket c : stalled) {
          c.close();
        }
      }
    }
  }

  @Test
  void anAbandonedEndlessTraceEndsWithinASecondAndTheNextTraceWorks() throws Exception {
    try (Pprof.Server s = Pprof.start(0)) {
      assertThat(Collectors.process().stream().awaitRunning(Duration.ofSeconds(10))).isTrue(); // started in the background
      int before = Recordings.perRequest().size();
      try (Socket c = new Socket("127.0.0.1", s.port())) {
        c.getOutputStream().write(get("/debug/pprof/trace?seconds=1000000000").getBytes(StandardCharsets.US_ASCII));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!Collectors.process().tracer().active()) {
          assertThat(System.nanoTime()).isLessThan(deadline);
          Thread.sleep(10);
        }
        Thread.sleep(300);
      }
      long gone = System.nanoTime();
      while (Collectors.process().tracer().active() && System.nanoTime() - gone < 5_000_000_000L) {
        Thread.sleep(10);
      }
      long ms = (System.nanoTime() - gone) / 1_000_000;
      assertThat(Collectors.process().tracer().active()).isFalse();
      assertThat(ms).as("trace ended %d ms after the client left", ms).isLessThan(1000);
      assertThat(Recordings.perRequest()).hasSize(before);
      RawHttp.Response next = new RawHttp(s.port()).get("/debug/pprof/trace?seconds=0.2");
      assertThat(next.status()).isEqualTo(200);
    }
  }

  @Test
  void edgesAnsweredAsGoDoes() throws IOException {
    try (Pprof.Server s = Pprof.start(0)) {
      RawHttp.Response badEscape = raw(s.port(), get("/debug/pprof/%ZZ"));
      assertThat(badEscape.status()).isEqualTo(400);
      assertThat(badEscape.text()).isEqualTo("400 Bad Request");
      assertThat(badEscape.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
      RawHttp.Response script = raw(s.port(), get("/debug/pprof/<script>"));
      assertThat(script.status()).isEqualTo(404);
      assertThat(script.text()).isEqualTo("Unknown profile\n");
      RawHttp.Response pathParam = raw(s.port(), get("/debug/pprof/heap;x=1"));
      assertThat(pathParam.status()).isEqualTo(404);
      assertThat(pathParam.text()).isEqualTo("Unknown profile\n");
      RawHttp.Response options = raw(s.port(), "OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
      assertThat(options.status()).isEqualTo(200);
      assertThat(options.header("Content-Length")).isEqualTo("0");
      assertThat(raw(s.port(), get("/debug/pprof/heap?debug=1%ZZ")).status()).isEqualTo(200);
      RawHttp.Response redirect = raw(s.port(), get("/debug/pprof"));
      assertThat(redirect.status()).isEqualTo(301);
      assertThat(redirect.header("X-Content-Type-Options")).as("Go's redirects carry no nosniff").isNull();
    }
  }

  /** Full collections; JDK 20+'s "G1 Concurrent GC" counts Remark and Cleanup pauses, not full GCs. */
  private static long fullGcs() {
    long n = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      String name = gc.getName();
      if (!name.contains("Young") && !name.contains("Scavenge") && !name.contains("Copy") && !name.contains("Concurrent")) {
        n += gc.getCollectionCount();
      }
    }
    return n;
  }

  private static String get(String target, String... headers) {
    StringBuilder b = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    for (String h : headers) {
      b.append(h).append("\r\n");
    }
    return b.append("\r\n").toString();
  }

  private static RawHttp.Response raw(int port, String request) throws IOException {
    try (Socket c = new Socket("127.0.0.1", port)) {
      c.setSoTimeout(20_000);
      OutputStream out = c.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = c.getInputStream();
      return RawHttp.parse(in.readAllBytes());
    }
  }
}
