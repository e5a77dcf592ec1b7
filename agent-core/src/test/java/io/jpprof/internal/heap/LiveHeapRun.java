package io.jpprof.internal.heap;

import io.jpprof.fixtures.LiveHeap;
import io.jpprof.internal.Collectors;
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
    Collectors.process().heap().startSampling();
    if (!Collectors.process().stream().awaitRunning(Duration.ofSeconds(30))) {
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
        LiveSamples s = Collectors.process().heap().liveWeights;
        System.out.printf("t=%.0fs refreshes=%d seen=%d remembered=%d restarts=%d%n", (System.nanoTime() - t0) / 1e9,
            Collectors.process().heap().liveRefresh.refreshes(), s.lastSeen(), s.remembered(), Collectors.process().heap().liveRecording.rotations());
      }
    });
    progress.setDaemon(true);
    progress.start();
    Properties truth = new Properties();
    java.util.concurrent.atomic.AtomicLong grownAtLastGc = new java.util.concurrent.atomic.AtomicLong();
    try (LiveHeap heap = new LiveHeap(STATIC, CHURN_PER_SECOND, RING, GROW_PER_SECOND)) {
      // Go's heap profile (and jpprof's) is "as of the last GC": remember what the grower held then
      GcWatch gcs = new GcWatch(() -> grownAtLastGc.set(heap.grownBytes()));
      Thread.sleep(warmUpMillis);
      long grown1 = heap.grownBytes();
      write(dir.resolve("heap1.pb.gz"), gcs.betweenGcs(() -> Collectors.process().heap().heap().collect()));
      truth.setProperty("grownAtLastGc1", String.valueOf(grownAtLastGc.get()));
      write(dir.resolve("allocs1.pb.gz"), Collectors.process().heap().allocs().collect());
      long churned1 = heap.churnedBytes();
      long t1 = System.nanoTime();
      long swept1 = gcs.sweeps();
      Thread.sleep(WINDOW_MILLIS);
      // generational ZGC sweeps the sample set at major cycles only, minutes apart at times: the
      // second profile waits (at most 40 s) for one, as a user would take it after one
      for (int i = 0; i < 400 && gcs.sweeps() == swept1; i++) {
        Thread.sleep(100);
      }
      truth.setProperty("waitedForSweepMillis", String.valueOf((System.nanoTime() - t1) / 1_000_000 - WINDOW_MILLIS));
      long grown2 = heap.grownBytes();
      ProfileData h2 = gcs.betweenGcs(() -> Collectors.process().heap().heap().collect());
      truth.setProperty("grownAtLastGc2", String.valueOf(grownAtLastGc.get()));
      write(dir.resolve("allocs2.pb.gz"), Collectors.process().heap().allocs().collect());
      double seconds = (System.nanoTime() - t1) / 1e9;
      write(dir.resolve("heap2.pb.gz"), h2);
      truth.setProperty("churnPerSecond", String.valueOf((long) ((heap.churnedBytes() - churned1) / seconds)));
      truth.setProperty("live", String.valueOf(LiveHeap.liveAfterFullGc()));
      truth.setProperty("static", String.valueOf(heap.staticBytes()));
      truth.setProperty("grown1", String.valueOf(grown1));
      truth.setProperty("grown2", String.valueOf(grown2));
      truth.setProperty("comments", String.join("\n", h2.comments()));
      Collectors.process().heap().gc();
      write(dir.resolve("heapgc.pb.gz"), Collectors.process().heap().heap().collect());
      truth.setProperty("liveAtGc", String.valueOf(LiveHeap.liveAfterFullGc()));
      truth.setProperty("grownAtGc", String.valueOf(heap.grownBytes()));
      truth.setProperty("jdk", String.valueOf(Runtime.version().feature()));
    }
    try (var out = Files.newOutputStream(dir.resolve("truth.properties"))) {
      truth.store(out, null);
    }
    System.exit(0);
  }

  /**
   * Knows which collections the GC listeners have seen, so that a profile is taken after the
   * listeners (jpprof's and the truth's) have seen the last collection and before the next one: a
   * heap profile is as of the last GC, and so is the truth it is compared with.
   */
  static final class GcWatch {
    private final java.util.Map<String, Long> seen = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.List<java.lang.management.GarbageCollectorMXBean> beans =
        java.lang.management.ManagementFactory.getGarbageCollectorMXBeans();

    private final java.util.concurrent.atomic.AtomicLong sweeps = new java.util.concurrent.atomic.AtomicLong();

    /**
     * {@code onGc} runs after each collection that sweeps the JVM's sample set ({@link
     * LiveRefresh#sweeps}), as of which the heap profile's sites are.
     */
    GcWatch(Runnable onGc) {
      for (var gc : beans) {
        ((javax.management.NotificationEmitter) gc).addNotificationListener((n, h) -> {
          var info = com.sun.management.GarbageCollectionNotificationInfo.from(
              (javax.management.openmbean.CompositeData) n.getUserData());
          if (LiveRefresh.sweeps(info.getGcName())) {
            onGc.run();
            sweeps.incrementAndGet();
          }
          seen.merge(info.getGcName(), info.getGcInfo().getId(), Math::max);
        }, null, null);
        seen.merge(gc.getName(), gc.getCollectionCount(), Math::max);
      }
    }

    /** Collections seen that sweep the sample set. */
    long sweeps() {
      return sweeps.get();
    }

    private boolean caughtUp() {
      for (var gc : beans) {
        if (seen.getOrDefault(gc.getName(), 0L) < gc.getCollectionCount()) {
          return false;
        }
      }
      return true;
    }

    private long collections() {
      long n = 0;
      for (var gc : beans) {
        n += gc.getCollectionCount();
      }
      return n;
    }

    /** Takes the profile when no collection ends while it is taken and the listeners have seen the last one. */
    ProfileData betweenGcs(java.util.function.Supplier<ProfileData> take) throws InterruptedException {
      ProfileData p = null;
      for (int attempt = 0; attempt < 20; attempt++) {
        for (int i = 0; i < 200 && !caughtUp(); i++) {
          Thread.sleep(10);
        }
        long before = collections();
        p = take.get();
        if (collections() == before && caughtUp()) {
          return p;
        }
      }
      return p;
    }
  }

  private static void write(Path file, ProfileData profile) throws IOException {
    Files.write(file, ProtoWriter.toGzip(profile));
  }
}
