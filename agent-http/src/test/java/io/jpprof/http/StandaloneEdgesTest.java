package io.jpprof.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The standalone server at the edges of HTTP, each answered as Go's {@code net/http} server
 * answers it or with the deviation docs/security.md states: many small headers, {@code CONNECT},
 * a body too large to read, a body that stalls; and the time a heap delta takes.
 */
class StandaloneEdgesTest {
  private static Pprof.Server server;

  @BeforeAll
  static void start() {
    server = Pprof.builder().port(0).requestParseTimeout(Duration.ofSeconds(1)).start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void fiveThousandSmallHeadersAreServedAsGoServesThem() throws IOException {
    StringBuilder r = new StringBuilder("GET /debug/pprof/cmdline HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    for (int i = 0; i < 5000; i++) {
      r.append("X-H").append(i).append(": v\r\n");
    }
    String response = send(r.append("\r\n").toString(), null);
    assertThat(response).startsWith("HTTP/1.1 200 OK\r\n");
  }

  @Test
  void fiveThousandQueryParametersAreServedAsGoServesThem() throws IOException {
    String response = send("GET /debug/pprof/cmdline?" + "a=1&".repeat(5000)
        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", null);
    assertThat(response).startsWith("HTTP/1.1 200 OK\r\n");
  }

  @Test
  void connectToAnAuthorityIsGosNotFound() throws IOException {
    String response = send("CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: 127.0.0.1:22\r\n\r\n", null);
    assertThat(response).startsWith("HTTP/1.1 404 Not Found\r\n")
        .contains("\r\nContent-Type: text/plain; charset=utf-8\r\n", "\r\nX-Content-Type-Options: nosniff\r\n")
        .endsWith("\r\n\r\n404 page not found\n");
  }

  @Test
  void aDeclaredBodyTooLargeToReadIs413WithText() throws IOException {
    String response = send("POST /debug/pprof/symbol HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2147483648\r\n\r\n0x1+",
        null);
    assertThat(response).startsWith("HTTP/1.1 413 Request Entity Too Large\r\n")
        .contains("\r\nContent-Type: text/plain; charset=utf-8\r\n", "\r\nConnection: close\r\n")
        .endsWith("jpprof: request body too large: Content-Length 2147483648, at most 4194304 bytes are read\n");
  }

  @Test
  void aStalledBodyIsAnsweredWithinTheParseTimeout() throws IOException {
    long start = System.nanoTime();
    String response = send("POST /debug/pprof/symbol HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n0x1+0x2", null);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(response).startsWith("HTTP/1.1 408 ")
        .contains("\r\nConnection: close\r\n")
        .endsWith("jpprof: request body not received within 1000 ms (7 of 100 bytes)\n");
    assertThat(millis).as("answered after the 1 s timeout, not much later").isBetween(900L, 10_000L);
  }

  @Test
  void aHeapDeltaAnswersAfterItsWindowAndAtMostTheWaitForAllocationEvents() throws Exception {
    // docs/profiles.md: each snapshot may wait up to 3 s for JFR's allocation events; Go takes 1.0 s
    for (String profile : new String[] {"heap", "allocs"}) {
      long start = System.nanoTime();
      RawHttp.Response r = new RawHttp(server.port()).get("/debug/pprof/" + profile + "?seconds=1");
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertThat(r.status()).isEqualTo(200);
      assertThat(millis).as(profile).isBetween(1000L, 1000L + 2 * 3000L + 2000L);
    }
  }

  /** Sends raw bytes, keeps the connection open, and reads the answer until the server closes it. */
  private static String send(String request, byte[] more) throws IOException {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      try {
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
      } catch (SocketException e) {
        // the server may answer and close before it has read the request
      }
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }
}
