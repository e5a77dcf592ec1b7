package io.jpprof.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpprof.fixtures.ForkedJvm;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import jdk.jfr.FlightRecorder;
import org.junit.jupiter.api.Test;

/**
 * {@code Server.close()} in a fresh JVM (where nothing else holds the collectors): after serving
 * every kind of request — the always-on profiles, a CPU profile and a trace, and a CPU profile whose
 * client went away — no JFR recording, jpprof thread or temp file is left. Three times in a row, so
 * start after close works too.
 */
class ServerCloseLeavesNothingTest {
  /** The child program. */
  public static final class Main {
    public static void main(String[] args) throws Exception {
      Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
      int recordings = FlightRecorder.getFlightRecorder().getRecordings().size();
      List<String> files = files(tmp);
      for (int round = 0; round < 3; round++) {
        Pprof.Server server = Pprof.start(0);
        RawHttp http = new RawHttp(server.port());
        for (String path : List.of("heap", "allocs?debug=1", "block", "mutex?debug=1", "threadcreate",
            "goroutine?debug=2", "profile?seconds=1", "trace?seconds=1", "")) {
          int status = http.get("/debug/pprof/" + path).status();
          check(status == 200, path + " answered " + status);
        }
        // a CPU profile whose client went away just before the close
        Socket profile = pending(server.port(), "/debug/pprof/profile?seconds=60");
        Thread.sleep(1500);
        profile.close();
        Thread.sleep(1500); // the endpoint notices at its next keep-alive write (every second)
        server.close();
        check(FlightRecorder.getFlightRecorder().getRecordings().size() == recordings,
            "recordings after close " + round + ": " + FlightRecorder.getFlightRecorder().getRecordings());
        check(jpprofThreads().isEmpty(), "jpprof threads after close " + round + ": " + jpprofThreads());
        check(files(tmp).equals(files), "temp files after close " + round + ": " + files(tmp));
      }
      System.out.println("OK");
    }

    static Socket pending(int port, String target) throws IOException {
      Socket s = new Socket("127.0.0.1", port);
      OutputStream out = s.getOutputStream();
      out.write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return s; // not read: the request is in flight
    }

    static void check(boolean ok, String what) {
      if (!ok) {
        System.out.println("FAILED: " + what);
        System.exit(1);
      }
    }

    static List<String> jpprofThreads() {
      return Thread.getAllStackTraces().keySet().stream()
          .filter(t -> t.getName().startsWith("jpprof") && t.isAlive())
          .map(Thread::getName).sorted().toList();
    }

    static List<String> files(Path dir) throws IOException {
      try (Stream<Path> s = Files.walk(dir)) {
        return s.filter(Files::isRegularFile).map(Path::toString).sorted().toList();
      }
    }
  }

  @Test
  void closeLeavesNoRecordingThreadOrTempFile() {
    ForkedJvm.Result r = ForkedJvm.run(Main.class, List.of(), Map.of());
    assertThat(r.ok()).contains("OK");
    assertThat(r.leftInTmp()).isEmpty();
  }
}
