package io.jpprof.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpprof.Profile;
import io.jpprof.fixtures.ForkedJvm;
import io.jpprof.fixtures.Waits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import jdk.jfr.FlightRecorder;
import org.junit.jupiter.api.Test;

/**
 * The collectors' owner in a fresh JVM (nothing else there holds a lease): start, use and close the
 * always-on collectors 100 times and check after each close that no JFR recording, jpprof thread
 * or temp file is left, and that the heap does not grow.
 */
class CollectorsLifecycleTest {
  static final int CYCLES = 100;

  /** The child program; prints one line per check and exits non-zero on the first failure. */
  public static final class Main {
    public static void main(String[] args) throws Exception {
      Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
      int recordings = FlightRecorder.getFlightRecorder().getRecordings().size();
      List<String> files = files(tmp);
      check(jpprofThreads().isEmpty(), "jpprof threads before the first lease: " + jpprofThreads());
      long heapAt10 = 0;
      long eventsBefore = 0;
      for (int i = 0; i < CYCLES; i++) {
        try (Collectors.Lease lease = Collectors.process().acquire()) {
          check(Collectors.process().held(), "held");
          if (i % 10 == 0) {
            // the stream really runs again, and events reach the tables after a restart
            check(Collectors.process().stream().awaitRunning(Duration.ofSeconds(30)), "stream running in cycle " + i);
            long seen = Collectors.process().contention().eventsSeen();
            // up to three rounds: on a loaded machine a round can reach the stream's flush without
            // a recorded wait; never recording one fails all three
            for (int round = 0; round < 3 && Collectors.process().contention().eventsSeen() == seen; round++) {
              Waits.contendOnMonitor(2, 30, 0.3);
              check(Collectors.process().stream().awaitFlush(Duration.ofSeconds(20)), "flush in cycle " + i);
            }
            check(Collectors.process().contention().eventsSeen() > seen, "wait events recorded in cycle " + i);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Profile.lookup("heap").writeTo(out, 0); // a heap snapshot: a short recording + temp file
            Profile.lookup("threadcreate").writeTo(out, 1);
            check(out.size() > 0, "profiles written");
            Profile.setBlockProfileThreshold(Duration.ofMillis(5 + i % 7)); // re-configures the stream
          } else if (i % 3 == 0) {
            Collectors.process().stream().awaitRunning(Duration.ofSeconds(30));
          } // else: closed while still opening
        }
        check(!Collectors.process().held(), "released in cycle " + i);
        check(!Collectors.process().stream().isRunning(), "stream stopped in cycle " + i);
        check(FlightRecorder.getFlightRecorder().getRecordings().size() == recordings,
            "recordings after cycle " + i + ": " + FlightRecorder.getFlightRecorder().getRecordings());
        check(jpprofThreads().isEmpty(), "jpprof threads after cycle " + i + ": " + jpprofThreads());
        List<String> now = files(tmp);
        check(now.equals(files), "temp files after cycle " + i + ": " + now + " (before: " + files + ")");
        if (i == 10) {
          heapAt10 = usedHeapAfterGc();
        }
      }
      long heapAtEnd = usedHeapAfterGc();
      System.out.println("heap after GC: cycle 10 " + heapAt10 / 1024 + " KiB, cycle " + CYCLES + " "
          + heapAtEnd / 1024 + " KiB");
      check(heapAtEnd - heapAt10 < (4L << 20), "heap grew by " + (heapAtEnd - heapAt10) / 1024 + " KiB");
      System.out.println("OK " + CYCLES + " cycles");
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

    /** Every file under the temp dir, JFR's repository included (its chunks are files there). */
    static List<String> files(Path dir) throws IOException {
      try (Stream<Path> s = Files.walk(dir)) {
        return s.filter(Files::isRegularFile).map(Path::toString).sorted().toList();
      }
    }

    static long usedHeapAfterGc() throws InterruptedException {
      for (int i = 0; i < 3; i++) {
        System.gc();
        Thread.sleep(100);
      }
      return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
  }

  @Test
  void startUseCloseAHundredTimesLeavesNothingAndDoesNotGrow() {
    ForkedJvm.Result r = ForkedJvm.run(Main.class, List.of(), Map.of());
    assertThat(r.ok()).contains("OK " + CYCLES + " cycles");
    r.output().lines().filter(l -> l.startsWith("heap after GC")).forEach(System.out::println); // the figures
    assertThat(r.leftInTmp()).as(r.output()).isEmpty();
  }
}
