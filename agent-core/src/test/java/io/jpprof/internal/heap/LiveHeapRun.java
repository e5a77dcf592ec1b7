package io.jpprof.internal.heap;

import io.jpprof.fixtures.LiveHeap;
import io.jpprof.internal.jfr.AlwaysOnStream;
import io.jpprof.internal.profile.ProfileData;
import io.jpprof.internal.profile.ProtoWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/**
 * The JVM that {@link HeapAccuracyTest} forks, once per collector: a 200 MiB static set, 44 MB/s of
 * churn and one site growing 2.5 MB/s ({@link LiveHeap}); writes two heap and two allocs profiles
 * 10 s apart, a {@code gc=1} profile, and the truth, into the directory given as argument.
 */
public final class LiveHeapRun {
  static final long STATIC = 200L << 20;
  static final long CHURN_PER_SECOND = 44_000_000;
  static final long RING = 8L << 20;
  static final long GROW_PER_SECOND = 2_500_000;
  static final long WINDOW_MILLIS = 10_000;

  private LiveHeapRun() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long warmUpMillis = args.length > 1 ? Long.parseLong(args[1]) : 8000;
    HeapProfiles.startSampling();
    if (!AlwaysOnStream.awaitRunning(Duration.ofSeconds(30))) {
      throw new IllegalStateException("JFR did not start");
    }
    Thread progress = new Thread(() -> {
      long t0 = System.nanoTime();
      while (true) {
        try {
          Thread.sleep(1000);
        } catch (InterruptedException e) {
          return;
        }
        LiveSamples s = HeapProfiles.LIVE_WEIGHTS;
        System.out.printf("t=%.0fs refreshes=%d seen=%d remembered=%d%n", (System.nanoTime() - t0) / 1e9,
            LiveRefresh.refreshes(), s.lastSeen(), s.remembered());
      }
    });
    progress.setDaemon(true);
    progress.start();
    Properties truth = new Properties();
    try (LiveHeap heap = new LiveHeap(STATIC, CHURN_PER_SECOND, RING, GROW_PER_SECOND)) {
      // Go's heap profile (and jpprof's) is "as of the last GC": remember what the grower held then
      java.util.concurrent.atomic.AtomicLong grownAtLastGc = new java.util.concurrent.atomic.AtomicLong();
      for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
        ((javax.management.NotificationEmitter) gc).addNotificationListener(
            (n, h) -> grownAtLastGc.set(heap.grownBytes()), null, null);
      }
      Thread.sleep(warmUpMillis);
      long grown1 = heap.grownBytes();
      truth.setProperty("grownAtLastGc1", String.valueOf(grownAtLastGc.get()));
      write(dir.resolve("heap1.pb.gz"), HeapProfile.heap().collect());
      write(dir.resolve("allocs1.pb.gz"), HeapProfile.allocs().collect());
      long churned1 = heap.churnedBytes();
      long t1 = System.nanoTime();
      Thread.sleep(WINDOW_MILLIS);
      long grown2 = heap.grownBytes();
      truth.setProperty("grownAtLastGc2", String.valueOf(grownAtLastGc.get()));
      ProfileData h2 = HeapProfile.heap().collect();
      write(dir.resolve("allocs2.pb.gz"), HeapProfile.allocs().collect());
      double seconds = (System.nanoTime() - t1) / 1e9;
      write(dir.resolve("heap2.pb.gz"), h2);
      truth.setProperty("churnPerSecond", String.valueOf((long) ((heap.churnedBytes() - churned1) / seconds)));
      truth.setProperty("live", String.valueOf(LiveHeap.liveAfterFullGc()));
      truth.setProperty("static", String.valueOf(heap.staticBytes()));
      truth.setProperty("grown1", String.valueOf(grown1));
      truth.setProperty("grown2", String.valueOf(grown2));
      truth.setProperty("comments", String.join("\n", h2.comments()));
      HeapProfiles.gc();
      write(dir.resolve("heapgc.pb.gz"), HeapProfile.heap().collect());
      truth.setProperty("liveAtGc", String.valueOf(LiveHeap.liveAfterFullGc()));
      truth.setProperty("grownAtGc", String.valueOf(heap.grownBytes()));
      truth.setProperty("jdk", String.valueOf(Runtime.version().feature()));
    }
    try (var out = Files.newOutputStream(dir.resolve("truth.properties"))) {
      truth.store(out, null);
    }
    System.exit(0);
  }

  private static void write(Path file, ProfileData profile) throws IOException {
    Files.write(file, ProtoWriter.toGzip(profile));
  }
}
