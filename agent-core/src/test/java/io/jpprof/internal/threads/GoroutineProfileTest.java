package io.jpprof.internal.threads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jpprof.Profile;
import io.jpprof.fixtures.BlockedThreads;
import io.jpprof.fixtures.GoPprof;
import io.jpprof.fixtures.PprofValidator;
import io.jpprof.fixtures.TopReport;
import io.jpprof.proto.ProfileProto;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class GoroutineProfileTest {
  private static final Profile GOROUTINE = Profile.lookup("goroutine");

  @Test
  void blockedThreadsShowOnTheirMethodInGoToolPprof() throws IOException {
    try (BlockedThreads blocked = BlockedThreads.start("blocked", 50)) {
      byte[] profile = bytes(0);
      ProfileProto.Profile proto = PprofValidator.parse(profile);
      assertThat(proto.getStringTableList()).contains("goroutine", "count", "state", "WAITING");
      Path file = GoPprof.tempFile("goroutine", profile);

      TopReport top = TopReport.parse(GoPprof.run("-top", file.toString()).ok());
      assertThat(top.row(BlockedThreads.METHOD).cum()).isGreaterThanOrEqualTo(50);

      TopReport waiting = TopReport.parse(GoPprof.run("-top", "-tagfocus=state=WAITING", file.toString()).ok());
      assertThat(waiting.row(BlockedThreads.METHOD).cum()).isGreaterThanOrEqualTo(50);
      TopReport runnable = TopReport.parse(GoPprof.run("-top", "-tagfocus=state=RUNNABLE", file.toString()).ok());
      assertThat(runnable.row(BlockedThreads.METHOD)).isNull();

      String raw = GoPprof.run("-raw", file.toString()).ok();
      assertThat(raw).contains("PeriodType: goroutine count").contains(BlockedThreads.METHOD);
    }
  }

  @Test
  void baseOfTwoProfilesShowsTheLeakedThreads() throws IOException {
    try (BlockedThreads before = BlockedThreads.start("before", 50)) {
      Path first = GoPprof.tempFile("g1", bytes(0));
      try (BlockedThreads leaked = BlockedThreads.start("leaked", 30)) {
        Path second = GoPprof.tempFile("g2", bytes(0));
        TopReport diff = TopReport.parse(
            GoPprof.run("-top", "-base", first.toString(), second.toString()).ok());
        assertThat(diff.row(BlockedThreads.METHOD).cum()).isEqualTo(30);
      }
    }
  }

  @Test
  void debug1IsGosCountProfileText() throws IOException {
    try (BlockedThreads blocked = BlockedThreads.start("text", 7)) {
      String text = text(1);
      assertThat(text).startsWith("goroutine profile: total ");
      assertThat(Pattern.compile("(?m)^(\\d+) @( 0x[0-9a-f]+)+\\n# labels: \\{\"state\":\"WAITING\"\\}\\n(#\\t0x[0-9a-f]+\\t.*\\n)*#\\t0x[0-9a-f]+\\t"
          + Pattern.quote(BlockedThreads.METHOD) + "\\+0x0\\t+io/jpprof/fixtures/BlockedThreads.java:\\d+\\n").matcher(text).find())
          .as(text).isTrue();
      long total = Long.parseLong(text.substring("goroutine profile: total ".length(), text.indexOf('\n')));
      long sum = text.lines().filter(l -> l.matches("\\d+ @.*")).mapToLong(l -> Long.parseLong(l.split(" ")[0])).sum();
      assertThat(sum).isEqualTo(total);
    }
  }

  @Test
  void debug2IsAFullThreadDumpWithLocks() throws Exception {
    Object monitor = new Object();
    ReentrantLock lock = new ReentrantLock();
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread holder = new Thread(() -> {
      synchronized (monitor) {
        lock.lock();
        try {
          holding.countDown();
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          lock.unlock();
        }
      }
    }, "lock-holder");
    holder.setDaemon(true);
    holder.start();
    holding.await();
    Thread waiter = new Thread(() -> { synchronized (monitor) { } }, "monitor-waiter");
    waiter.setDaemon(true);
    waiter.start();
    while (waiter.getState() != Thread.State.BLOCKED) {
      Thread.onSpinWait();
    }
    try (BlockedThreads blocked = BlockedThreads.start("dumped", 3)) {
      text(2); // a first dump, so the second can say how long threads have been waiting
      Thread.sleep(50);
      String dump = text(2);
      assertThat(dump).startsWith("Full thread dump ");
      assertThat(dump).contains("\"dumped-0\" #").contains("daemon prio=5\n")
          .contains("   java.lang.Thread.State: WAITING (parking), for at least ")
          .contains("\tat " + BlockedThreads.METHOD + "(BlockedThreads.java:")
          .contains("- parking to wait for  <0x");
      assertThat(dump).contains("\"monitor-waiter\" #")
          .contains("java.lang.Thread.State: BLOCKED (on object monitor)")
          .containsPattern("- waiting to lock <0x[0-9a-f]+> \\(a java.lang.Object\\) owned by \"lock-holder\" #\\d+");
      assertThat(dump).containsPattern("- locked <0x[0-9a-f]+> \\(a java.lang.Object\\)")
          .contains("Locked ownable synchronizers:\n\t- <0x")
          .contains("(a java.util.concurrent.locks.ReentrantLock$NonfairSync)");
      assertThat(text(5)).startsWith("Full thread dump "); // debug > 2 behaves like 2
    } finally {
      release.countDown();
      holder.join();
      waiter.join();
    }
  }

  @Test
  void virtualThreadsAreCountedAndShownOnJdk21() throws IOException {
    assumeTrue(BlockedThreads.virtualThreadsSupported(), "virtual threads need JDK 21+");
    try (BlockedThreads virtual = BlockedThreads.startVirtual("vthread", 40)) {
      ProfileProto.Profile proto = PprofValidator.parse(bytes(0));
      assertThat(proto.getStringTableList()).contains("virtual");
      TopReport top = TopReport.parse(GoPprof.run("-top", "-tagfocus=virtual=true",
          GoPprof.tempFile("vthreads", bytes(0)).toString()).ok());
      assertThat(top.row(BlockedThreads.METHOD).cum()).isGreaterThanOrEqualTo(40);
      // count() is cheap: live platform threads only, no virtual-thread dump
      int platform = java.lang.management.ManagementFactory.getThreadMXBean().getThreadCount();
      assertThat(GOROUTINE.count()).isBetween(platform - 5, platform + 5);
      assertThat(text(2)).contains("\"vthread-0\" #").contains(" virtual\n");
    }
  }

  @Test
  void aCapOnVirtualThreadsIsSaidInTheOutput() {
    assumeTrue(BlockedThreads.virtualThreadsSupported(), "virtual threads need JDK 21+");
    try (BlockedThreads virtual = BlockedThreads.startVirtual("capped", 25)) {
      GoroutineProfile capped = new GoroutineProfile(new VirtualThreadDump(true, 10));
      ProfileProto.Profile proto = PprofValidator.parse(toGzip(capped));
      assertThat(proto.getStringTableList()).anyMatch(s -> s.contains("more virtual threads not shown"))
          .contains(GoroutineProfile.OMITTED.functionName());
      assertThat(text(capped, 2)).contains("more virtual threads not shown");
      GoroutineProfile off = new GoroutineProfile(new VirtualThreadDump(false, 10));
      assertThat(text(off, 1))
          .contains("# virtual threads not dumped (-Djpprof.virtualThreads=false)");
    }
  }

  private static String text(GoroutineProfile source, int debug) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      source.writeText("goroutine", debug, io.jpprof.internal.profile.ProfileView.DEFAULT, out);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static byte[] toGzip(GoroutineProfile source) {
    try {
      return io.jpprof.internal.profile.ProtoWriter.toGzip(source.collect());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static String text(int debug) throws IOException {
    return new String(bytes(debug), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(int debug) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    GOROUTINE.writeTo(out, debug);
    if (debug == 0) {
      PprofValidator.parse(out.toByteArray());
    }
    return out.toByteArray();
  }
}
