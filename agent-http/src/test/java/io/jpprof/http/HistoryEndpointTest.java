package io.jpprof.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpprof.fixtures.ForkedJvm;
import io.jpprof.fixtures.GoPprof;
import io.jpprof.fixtures.TopReport;
import io.jpprof.internal.Collectors;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import jdk.jfr.FlightRecorder;
import org.junit.jupiter.api.Test;

/**
 * {@code ?history=1}: a burst of CPU that ended before the request tops "the last 30 s", read by
 * the real {@code go tool pprof} from a JVM started with {@code JPPROF_HISTORY=1m}; "the last 10
 * s" no longer holds it; lock contention of the same minute is in {@code mutex?history=1}; the
 * 400s say why; and close leaves no recording, thread or file. In a fresh JVM, because history
 * starts with jpprof's collectors.
 */
class HistoryEndpointTest {
  private static final String BURST = Main.class.getName() + ".burst";
  private static final String CONTENDED = Main.class.getName() + ".contended";

  /**
   * The child: a server keeping 1 minute of history; from 8 s on a burst of 3 s of CPU (at most 10 s
   * long), lock contention after it, and the requests at 31 s.
   */
  public static final class Main {
    private static final Object LOCK = new Object();
    private static volatile long sink;
    private static volatile boolean stop;

    public static void main(String[] args) throws Exception {
      int recordings = FlightRecorder.getFlightRecorder().getRecordings().size();
      Pprof.Server server = Pprof.start(0);
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (!Collectors.process().history().running() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      ServerCloseLeavesNothingTest.Main.check(Collectors.process().history().running(), "history did not start");
      long t0 = System.nanoTime();
      Thread background = new Thread(Main::backgroundLoop, "background");
      background.start();
      sleepUntil(t0, 8_000);
      spinFor(3_000_000_000L, 10_000);
      contend();
      sleepUntil(t0, 31_000);
      String base = "http://127.0.0.1:" + server.port() + "/debug/pprof/";
      section("last30", GoPprof.run("-top", "-nodecount=20", base + "profile?seconds=30&history=1").ok());
      section("last30bythread", GoPprof.run("-top", "-nodecount=40", "-nodefraction=0", base + "profile?seconds=30&history=1&bythread=1").ok());
      section("last10", GoPprof.run("-top", "-nodecount=20", base + "profile?seconds=10&history=1").ok());
      section("mutex", GoPprof.run("-top", "-nodecount=20", base + "mutex?seconds=30&history=1").ok());
      RawHttp http = new RawHttp(server.port());
      for (String path : List.of("profile?seconds=120&history=1", "wall?history=1", "heap?history=1")) {
        RawHttp.Response r = http.get("/debug/pprof/" + path);
        section(path, r.status() + " " + new String(r.body(), StandardCharsets.UTF_8));
      }
      stop = true;
      background.join();
      server.close();
      ServerCloseLeavesNothingTest.Main.check(!Collectors.process().history().running(), "history still running after close");
      ServerCloseLeavesNothingTest.Main.check(FlightRecorder.getFlightRecorder().getRecordings().size() == recordings,
          "recordings after close: " + FlightRecorder.getFlightRecorder().getRecordings());
      ServerCloseLeavesNothingTest.Main.check(ServerCloseLeavesNothingTest.Main.jpprofThreads().isEmpty(),
          "jpprof threads after close: " + ServerCloseLeavesNothingTest.Main.jpprofThreads());
      System.out.println("OK");
    }

    private static void section(String name, String text) {
      System.out.println("<<" + name + "\n" + text + "\n>>");
    }

    private static void sleepUntil(long t0, long millis) throws InterruptedException {
      long left = millis - (System.nanoTime() - t0) / 1_000_000;
      if (left > 0) {
        Thread.sleep(left);
      }
    }

    /**
     * About 2 % of a core all along, in {@link #background}, at jittered times (no lock step with
     * JFR's sampler): measured CPU the window must hold, whether or not a 10 Hz sampler caught it.
     */
    private static void backgroundLoop() {
      while (!stop) {
        background(2);
        try {
          Thread.sleep(ThreadLocalRandom.current().nextLong(50, 150));
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    // each method spins in its own loop, so that the profile's leaf frame names it

    static void background(long millis) {
      long end = System.nanoTime() + millis * 1_000_000;
      long x = sink;
      while (System.nanoTime() < end) {
        for (int i = 0; i < 10_000; i++) {
          x = x * 6364136223846793005L + 1442695040888963407L;
        }
      }
      sink = x;
    }

    /**
     * Calls {@link #burst} until this thread has used {@code cpuNanos} more CPU (a loaded machine
     * gives less per second), or {@code maxMillis} passed. The clock is read once per millisecond
     * of spinning: reading a thread's CPU time is native code, which execution samples (Java code
     * only) never see, and read after every few microseconds it took most of the burst's time on a
     * quiet machine, so the burst had no sample at all.
     */
    static void spinFor(long cpuNanos, long maxMillis) {
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long cpuEnd = threads.getCurrentThreadCpuTime() + cpuNanos;
      long end = System.nanoTime() + maxMillis * 1_000_000;
      while (System.nanoTime() < end && threads.getCurrentThreadCpuTime() < cpuEnd) {
        for (int i = 0; i < 100; i++) { // about a millisecond of Java code per reading of the clock
          burst();
        }
      }
    }

    static void burst() {
      long x = sink;
      for (int i = 0; i < 10_000; i++) {
        x = x * 2862933555777941757L + 3037000493L;
      }
      sink = x;
    }

    /** Two threads taking turns on one monitor in {@link #contended}, each holding it 30 ms. */
    static void contend() throws InterruptedException {
      Thread a = new Thread(Main::contended, "contend-a");
      Thread b = new Thread(Main::contended, "contend-b");
      a.start();
      b.start();
      a.join();
      b.join();
    }

    static void contended() {
      for (int i = 0; i < 10; i++) {
        synchronized (LOCK) {
          burnWhileHolding(30);
        }
      }
    }

    private static void burnWhileHolding(long millis) {
      long end = System.nanoTime() + millis * 1_000_000;
      while (System.nanoTime() < end) {
        Thread.onSpinWait();
      }
    }
  }

  @Test
  void aBurstThatEndedTopsTheLastThirtySecondsThroughGoToolPprof() {
    GoPprof.findGo(); // fails under CI=true, skips elsewhere, when go is missing
    ForkedJvm.Result r = ForkedJvm.run(Main.class, List.of(), Map.of("JPPROF_HISTORY", "1m"));
    String out = r.ok();
    assertThat(out).contains("OK");
    assertThat(r.leftInTmp()).isEmpty();

    TopReport last30 = TopReport.parse(section(out, "last30"));
    assertThat(last30.row(BURST)).as(section(out, "last30")).isNotNull();
    assertThat(last30.first()).as(section(out, "last30")).isEqualTo(BURST);
    // the background thread's ~0.6 s of CPU is in the window: as samples, or (at 10 Hz a 2 % thread
    // often has none) on its unsampled-CPU frame, under its thread's root frame either way
    assertThat(section(out, "last30bythread")).contains("[thread: background]");

    TopReport last10 = TopReport.parse(section(out, "last10"));
    assertThat(last10.row(BURST)).as(section(out, "last10")).isNull();
    assertThat(section(out, "last10")).contains("Duration: 10s");

    assertThat(TopReport.parse(section(out, "mutex")).row(CONTENDED)).as(section(out, "mutex")).isNotNull();

    assertThat(section(out, "profile?seconds=120&history=1")).isEqualTo(
        "400 jpprof: history keeps the last 1m0s; seconds=120 reaches back further (ask for seconds=60 or less)\n");
    assertThat(section(out, "wall?history=1")).startsWith("400 jpprof: wall-clock history is not kept");
    assertThat(section(out, "heap?history=1")).isEqualTo(
        "400 jpprof: history is kept for profile, block and mutex only\n");
  }

  @Test
  void withHistoryOffTheAnswerSaysHowToSwitchItOn() throws Exception {
    try (Pprof.Server server = Pprof.builder().port(0).start()) {
      RawHttp http = new RawHttp(server.port());
      for (String path : List.of("profile?seconds=60&history=1", "mutex?history=1", "block?seconds=10&history=1")) {
        RawHttp.Response r = http.get("/debug/pprof/" + path);
        assertThat(r.status()).as(path).isEqualTo(400);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).as(path).isEqualTo(
            "jpprof: history is off; keep the last minutes with -Djpprof.history=10m (or JPPROF_HISTORY=10m)\n");
      }
      RawHttp.Response debug = http.get("/debug/pprof/block?history=1&debug=1");
      assertThat(debug.status()).isEqualTo(400);
      assertThat(new String(debug.body(), StandardCharsets.UTF_8))
          .isEqualTo("jpprof: history answers in the proto format only (leave out debug)\n");
    }
  }

  private static String section(String out, String name) {
    int start = out.indexOf("<<" + name + "\n");
    assertThat(start).as(out).isGreaterThanOrEqualTo(0);
    int from = start + name.length() + 3;
    return out.substring(from, out.indexOf("\n>>", from));
  }
}
