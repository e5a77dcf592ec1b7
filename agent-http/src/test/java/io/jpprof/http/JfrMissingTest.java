package io.jpprof.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A runtime without JFR ({@code --limit-modules} leaving out jdk.jfr, as a jlink image may): the JFR
 * endpoints answer a clear 501 text, the index says so, and goroutine, cmdline and symbol work.
 */
class JfrMissingTest {
  private static final String MISSING = "jpprof: JFR is not available in this runtime (module jdk.jfr missing)\n";

  @Test
  void jfrEndpointsSayWhyAndTheOthersWork() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(java.toString(),
        "--limit-modules", "java.base,java.management,jdk.management,jdk.unsupported,java.logging,java.naming,java.xml,java.sql,jdk.crypto.ec",
        "-cp", System.getProperty("java.class.path"), JfrMissingMain.class.getName())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      assertThat(line).as("child started").startsWith("port ");
      RawHttp http = new RawHttp(Integer.parseInt(line.substring(5).trim()));

      RawHttp.Response index = http.get("/debug/pprof/");
      assertThat(index.status()).isEqualTo(200);
      assertThat(index.text()).contains("jpprof: JFR is not available in this runtime (module jdk.jfr missing)");
      for (String path : new String[] {"profile?seconds=1", "trace?seconds=1", "heap", "allocs?debug=1", "block",
          "mutex", "threadcreate", "delta_heap", "goroutine?seconds=1x"}) {
        RawHttp.Response r = http.get("/debug/pprof/" + path);
        if (path.startsWith("goroutine")) {
          assertThat(r.status()).as(path).isEqualTo(400); // not a JFR endpoint: Go's own answer
          continue;
        }
        if (r.status() == 404) {
          continue; // a profile that never registered without JFR is simply unknown, as in Go
        }
        assertThat(r.status()).as(path).isEqualTo(501);
        assertThat(r.text()).as(path).isEqualTo(MISSING);
        assertThat(r.header("X-Go-Pprof")).isEqualTo("1");
      }
      assertThat(http.get("/debug/pprof/goroutine?debug=1").text()).startsWith("goroutine profile: total ");
      assertThat(http.get("/debug/pprof/goroutine?debug=2").status()).isEqualTo(200);
      assertThat(http.get("/debug/pprof/cmdline").text()).contains("JfrMissingMain");
      assertThat(http.get("/debug/pprof/symbol").text()).isEqualTo("num_symbols: 1\n");
    } finally {
      p.destroy();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
