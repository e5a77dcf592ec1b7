package io.jpprof.internal.contention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.jpprof.Profile;
import io.jpprof.fixtures.GoPprof;
import io.jpprof.fixtures.PprofValidator;
import io.jpprof.fixtures.TopReport;
import io.jpprof.fixtures.Waits;
import io.jpprof.internal.Collectors;
import io.jpprof.proto.ProfileProto;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code mutex}, {@code block} and {@code threadcreate} against workloads with measured waits, read
 * through {@code go tool pprof}; each test subtracts a profile taken before its workload ({@code
 * -base}), since these profiles accumulate from start.
 */
class ContentionProfileTest {
  @BeforeAll
  static void startRecording() throws InterruptedException {
    Profile.startRecording();
    assertThat(Collectors.process().stream().awaitRunning(Duration.ofSeconds(20))).isTrue();
  }

  @Test
  void mutexPutsSynchronizedContentionOnTheMethodWithTheWaitedTime() throws Exception {
    Path before = snapshot("mutex");
    long waited = Waits.contendOnMonitor(4, 20, 3);
    Path after = snapshot("mutex");
    assertContention(before, after, Waits.ENTER_MONITOR, waited);
  }

  @Test
  void mutexPutsReentrantLockContentionOnTheMethodWithTheWaitedTime() throws Exception {
    Path before = snapshot("mutex");
    long waited = Waits.contendOnReentrantLock(4, 20, 3);
    Path after = snapshot("mutex");
    assertContention(before, after, Waits.LOCK_REENTRANT, waited);
  }

  private static void assertContention(Path before, Path after, String method, long waitedNanos) {
    TopReport top = TopReport.parse(GoPprof.run(
        "-top", "-sample_index=delay", "-nodefraction=0", "-base", before.toString(), after.toString()).ok());
    double total = top.shown();
    assertThat(top.row(method)).as(top.toString()).isNotNull();
    assertThat(top.row(method).cum()).as(top.toString()).isGreaterThanOrEqualTo(0.8 * total);
    assertThat(total).as("recorded delay vs measured wait\n%s", top).isCloseTo(waitedNanos, within(0.3 * waitedNanos));
  }

  @Test
  void blockShowsAConsumerWaitingInTake() throws Exception {
    Path before = snapshot("block");
    long waited = Waits.consumeSlowQueue(50, 2);
    Path after = snapshot("block");
    TopReport top = TopReport.parse(GoPprof.run(
        "-top", "-sample_index=delay", "-nodefraction=0", "-base", before.toString(), after.toString()).ok());
    assertThat(top.row(Waits.TAKE)).as(top.toString()).isNotNull();
    assertThat(top.row(Waits.TAKE).cum()).as(top.toString()).isCloseTo(waited, within(0.3 * waited));
    Path mutexAfter = snapshot("mutex");
    TopReport mutex = TopReport.parse(GoPprof.run("-top", "-sample_index=delay", mutexAfter.toString()).ok());
    assertThat(mutex.row(Waits.TAKE)).as("a queue wait is not lock contention").isNull();
  }

  @Test
  void threadcreateCountsThreadsStartedFromTheMethod() throws Exception {
    Path before = snapshot("threadcreate");
    Waits.startThreads(100);
    Path after = snapshot("threadcreate");
    TopReport all = TopReport.parse(GoPprof.run("-top", after.toString()).ok());
    assertThat(all.row(Waits.START_THREADS).cum()).isGreaterThanOrEqualTo(100);
    TopReport diff = TopReport.parse(GoPprof.run("-top", "-base", before.toString(), after.toString()).ok());
    assertThat(diff.row(Waits.START_THREADS).cum()).isEqualTo(100);
    assertThat(diff.total()).isEqualTo(100);
    assertThat(Profile.lookup("threadcreate").count()).isGreaterThanOrEqualTo(100);
  }

  @Test
  void textFormsFollowGosGrammar() throws Exception {
    Waits.contendOnMonitor(2, 15, 0.5);
    Collectors.process().stream().awaitFlush(Duration.ofSeconds(10));
    for (String name : List.of("block", "mutex")) {
      String text = text(name, 1);
      List<String> lines = text.lines().toList();
      assertThat(lines.get(0)).isEqualTo(name.equals("mutex") ? "--- mutex:" : "--- contention:");
      assertThat(lines.get(1)).isEqualTo("cycles/second=1000000000");
      if (name.equals("mutex")) {
        assertThat(lines.get(2)).isEqualTo("sampling period=1");
      }
      long previous = Long.MAX_VALUE;
      int records = 0;
      for (String line : lines) {
        if (line.startsWith("#") || line.isEmpty() || line.startsWith("---") || line.contains("=")) {
          continue;
        }
        assertThat(line).matches("\\d+ \\d+ @( 0x[0-9a-f]+)+");
        long delay = Long.parseLong(line.split(" ")[0]);
        assertThat(delay).isLessThanOrEqualTo(previous);
        previous = delay;
        records++;
      }
      assertThat(records).isPositive();
      assertThat(Pattern.compile("(?m)^#\\t0x[0-9a-f]+\\t" + Pattern.quote(Waits.ENTER_MONITOR) + "\\+0x0\\t").matcher(text).find()).isTrue();
    }
    assertThat(text("block", -1)).startsWith("\u001f\u008b".substring(0, 1)); // Go's quirk: proto for debug < 0
  }

  @Test
  void thresholdIsAdjustableAndPrinted() throws Exception {
    Duration previous = Profile.setMutexProfileThreshold(Duration.ofMillis(3));
    try {
      assertThat(text("mutex", 1)).contains("# jpprof: waits of at least 3.0 ms are recorded");
      ProfileProto.Profile p = PprofValidator.parse(bytes("mutex"));
      assertThat(p.getStringTableList()).anyMatch(s -> s.contains("waits of at least 3.0 ms"));
    } finally {
      Profile.setMutexProfileThreshold(previous);
    }
  }

  private static Path snapshot(String name) throws Exception {
    assertThat(Collectors.process().stream().awaitFlush(Duration.ofSeconds(10))).isTrue();
    return GoPprof.tempFile(name, bytes(name));
  }

  private static byte[] bytes(String name) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Profile.lookup(name).writeTo(out, 0);
    PprofValidator.parse(out.toByteArray());
    return out.toByteArray();
  }

  private static String text(String name, int debug) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Profile.lookup(name).writeTo(out, debug);
    return out.toString(StandardCharsets.ISO_8859_1);
  }
}
