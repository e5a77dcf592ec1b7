package io.jpprof.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpprof.Profile;
import io.jpprof.internal.profile.Addresses;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code <prefix>/symbol} and {@code <prefix>/cmdline}. */
class SymbolAndCmdlineTest {
  @RegisterExtension static final TestServer SERVER = new TestServer();
  /** A return address from a real goroutine record ({@code N @ 0x…}). */
  private static long returnAddress;
  private static String function;

  @BeforeAll
  static void start() throws IOException {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    Profile.lookup("goroutine").writeTo(text, 1);
    Matcher m = Pattern.compile("(?m)^\\d+ @ 0x([0-9a-f]+).*\n(?:# labels: .*\n)?#\t0x[0-9a-f]+\t[\\w$.]+\\.[\\w$<>]+\\+0x0\t").matcher(text.toString(StandardCharsets.UTF_8));
    assertThat(m.find()).as("a record line in %s", text).isTrue();
    returnAddress = Long.parseLong(m.group(1), 16);
    function = Addresses.functionAt(returnAddress);
    assertThat(function).isNotNull();
  }


  @Test
  void getWithoutQueryIsJustTheHeader() throws IOException {
    RawHttp.Response r = SERVER.http().get("/debug/pprof/symbol");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
    assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(r.text()).isEqualTo("num_symbols: 1\n");
  }

  @Test
  void postResolvesReturnAddressesAndLocationAddresses() throws IOException {
    String pc = "0x" + Long.toHexString(returnAddress);
    String location = "0x" + Long.toHexString(returnAddress - 1);
    String body = pc + "+" + location + "+0+0x1+junk+" + pc;
    RawHttp.Response r = SERVER.http().send("POST", "/debug/pprof/symbol", body.getBytes(StandardCharsets.US_ASCII));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
    assertThat(r.text())
        .isEqualTo(
            "num_symbols: 1\n"
                + pc + " " + function + "\n"
                + location + " " + function + "\n"
                + pc + " " + function + "\n");
    assertThat(function).matches("[\\w$.]+\\.[\\w$<>]+");
  }

  @Test
  void getReadsTheRawQueryInAnyBase() throws IOException {
    String hex = "0x" + Long.toHexString(returnAddress);
    String target =
        "/debug/pprof/symbol?" + returnAddress + "+0X" + Long.toHexString(returnAddress).toUpperCase()
            + "+0" + Long.toOctalString(returnAddress) + "+0b" + Long.toBinaryString(returnAddress)
            + "+0xffffffffffffffffff+%30x" + Long.toHexString(returnAddress);
    String line = hex + " " + function + "\n";
    assertThat(SERVER.http().get(target).text()).isEqualTo("num_symbols: 1\n" + line + line + line + line);
  }

  @Test
  void wordsLongerThanGoBufferEndTheInput() throws IOException {
    String hex = "0x" + Long.toHexString(returnAddress);
    String body = hex + "+" + "1".repeat(5000) + "+" + hex;
    RawHttp.Response r = SERVER.http().send("POST", "/debug/pprof/symbol", body.getBytes(StandardCharsets.US_ASCII));
    assertThat(r.text())
        .isEqualTo("num_symbols: 1\n" + hex + " " + function + "\nreading request: bufio: buffer full\n");
  }

  /** A symbol POST: the rest of the head, the body, a tail; the server may answer and close before reading all. */
  private static RawHttp.Response post(String head, byte[] body, String tail) throws IOException {
    try (Socket s = new Socket("127.0.0.1", SERVER.port())) {
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      try {
        out.write(("POST /debug/pprof/symbol HTTP/1.1\r\nHost: 127.0.0.1\r\n" + head).getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.write(tail.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
      } catch (SocketException e) {
        // answered and closed before the whole body was read
      }
      return RawHttp.parse(s.getInputStream().readAllBytes());
    }
  }

  @Test
  void hugeBodyIsCutOff() throws IOException {
    String hex = "0x" + Long.toHexString(returnAddress);
    byte[] body = new byte[5 << 20];
    Arrays.fill(body, (byte) '+');
    System.arraycopy(hex.getBytes(StandardCharsets.US_ASCII), 0, body, 0, hex.length());
    // declared: refused before any of it is read (none is sent: bytes left unread at the close
    // would make the client's kernel drop the answer on the server's reset)
    RawHttp.Response declared = post("Content-Length: " + body.length + "\r\n\r\n", new byte[0], "");
    assertThat(declared.status()).isEqualTo(413);
    assertThat(declared.text()).isEqualTo(
        "jpprof: request body too large: Content-Length 5242880, at most 4194304 bytes are read\n");
    // chunked: read up to the limit, then cut off as Go's reader would report it (the client sends
    // just that much of a longer chunk, so that the server leaves nothing unread)
    RawHttp.Response r = post("Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(body.length) + "\r\n",
        Arrays.copyOf(body, (4 << 20) + 1), "");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.text())
        .isEqualTo("num_symbols: 1\n" + hex + " " + function + "\nreading request: http: request body too large\n");
  }

  @Test
  void cmdlineIsArgvJoinedWithNul() throws IOException {
    RawHttp.Response r = SERVER.http().get("/debug/pprof/cmdline");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
    assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(r.header("Content-Disposition")).isNull();
    String argv = r.text();
    assertThat(argv).contains("java").contains("\0").doesNotEndWith("\0").doesNotEndWith("\n");
    assertThat(argv).isEqualTo(String.join("\0", io.jpprof.internal.profile.Application.commandLine()));
  }

  @Test
  void serverSurvivesClientsThatLeaveEarly() throws Exception {
    for (int i = 0; i < 20; i++) {
      try (java.net.Socket s = new java.net.Socket("127.0.0.1", SERVER.port())) {
        s.setSoLinger(true, 0);
        s.getOutputStream().write("GET /debug/pprof/goroutine?debug=2 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes());
        s.getOutputStream().flush();
      }
    }
    assertThat(SERVER.http().get("/debug/pprof/cmdline").status()).isEqualTo(200);
  }
}
