package io.jpprof.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The standalone server answers what Go's {@code net/http} server answers before any handler: a
 * missing Host on HTTP/1.1 and headers over Go's 1 MiB + 4096 bytes, byte for byte in status line,
 * Content-Type, Connection and body.
 */
class ServerChecksTest {
  @RegisterExtension static final TestServer SERVER = new TestServer();

  private static final String GO_HEADERS = "Content-Type: text/plain; charset=utf-8";

  @Test
  void http11WithoutHostGetsGosMissingHostAnswer() throws IOException {
    assertGoError(send("GET /debug/pprof/cmdline HTTP/1.1\r\nConnection: close\r\n\r\n"),
        "HTTP/1.1 400 Bad Request", "400 Bad Request: missing required Host header");
  }

  @Test
  void http11WithAnEmptyHostGetsGosMissingHostAnswer() throws IOException {
    assertGoError(send("GET /debug/pprof/cmdline HTTP/1.1\r\nHost:\r\n\r\n"),
        "HTTP/1.1 400 Bad Request", "400 Bad Request: missing required Host header");
    assertGoError(send("GET /debug/pprof/ HTTP/1.1\r\nHost: \r\n\r\n"),
        "HTTP/1.1 400 Bad Request", "400 Bad Request: missing required Host header");
  }

  @Test
  void absoluteFormWithoutHostHeaderIsMissingItToo() throws IOException {
    // Go requires the header even when the request target names the host
    assertGoError(send("GET http://127.0.0.1/debug/pprof/cmdline HTTP/1.1\r\nConnection: close\r\n\r\n"),
        "HTTP/1.1 400 Bad Request", "400 Bad Request: missing required Host header");
  }

  @Test
  void http10NeedsNoHost() throws IOException {
    String r = send("GET /debug/pprof/cmdline HTTP/1.0\r\n\r\n");
    assertThat(r).startsWith("HTTP/1.0 200 OK\r\n").contains("\r\nContent-Type: text/plain; charset=utf-8\r\n");
  }

  @Test
  void headersJustWithinGosLimitAreServed() throws IOException {
    String r = send(requestOfSize(ServerChecks.GO_MAX_HEADER_BYTES));
    assertThat(r).startsWith("HTTP/1.1 200 OK\r\n");
  }

  @Test
  void headersOverGosLimitGet431() throws IOException {
    assertGoError(send(requestOfSize(ServerChecks.GO_MAX_HEADER_BYTES + 1)),
        "HTTP/1.1 431 Request Header Fields Too Large", "431 Request Header Fields Too Large");
    // a 1.2 MB request line, as in the differential run against Go
    String line = "GET /debug/pprof/cmdline?x=" + "a".repeat(1_200_000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    assertGoError(send(line), "HTTP/1.1 431 Request Header Fields Too Large", "431 Request Header Fields Too Large");
    // one large header rather than a long line, with a Host the loopback guard would refuse: size comes first
    String header = "GET /debug/pprof/ HTTP/1.1\r\nHost: example.com\r\nX-Big: " + "b".repeat(1_100_000) + "\r\n\r\n";
    assertGoError(send(header), "HTTP/1.1 431 Request Header Fields Too Large", "431 Request Header Fields Too Large");
  }

  /** A GET of cmdline whose request line and headers are exactly {@code size} bytes. */
  private static String requestOfSize(int size) {
    String head = "GET /debug/pprof/cmdline?x=";
    String tail = " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    String r = head + "a".repeat(size - head.length() - tail.length()) + tail;
    assertThat(r.length()).isEqualTo(size);
    return r;
  }

  private static void assertGoError(String response, String statusLine, String body) {
    int end = response.indexOf("\r\n\r\n");
    assertThat(end).as(response).isPositive();
    String head = response.substring(0, end);
    assertThat(head).as(head).startsWith(statusLine + "\r\n");
    assertThat(head.lines()).as(head).contains(GO_HEADERS, "Connection: close")
        .noneMatch(l -> l.startsWith("X-Content-Type-Options") || l.startsWith("X-Go-Pprof"));
    assertThat(response.substring(end + 4)).isEqualTo(body);
  }

  /** Sends raw bytes and reads the answer until the server closes the connection. */
  private static String send(String request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", SERVER.port())) {
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      try {
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
      } catch (SocketException e) {
        // the server may answer and close before it has read a too-large request
      }
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }
}
