package io.jpprof.internal.heap;

import java.io.IOException;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM's memory statistics, one {@code Key = value} per line, for the trailer of the heap text
 * (in the place of Go's {@code runtime.MemStats}). Bytes unless the key says otherwise; pools read
 * {@code used / committed / max}, collectors {@code count / total ms}; a max of -1 means undefined.
 */
final class JvmStats {
  private JvmStats() {}

  static List<String> lines(HeapProfiles profiles) {
    List<String> out = new ArrayList<>();
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    MemoryUsage heap = memory.getHeapMemoryUsage();
    MemoryUsage nonHeap = memory.getNonHeapMemoryUsage();
    out.add("HeapUsed = " + heap.getUsed());
    out.add("HeapCommitted = " + heap.getCommitted());
    out.add("HeapMax = " + heap.getMax());
    out.add("HeapAfterLastGC = " + profiles.gcs.heapAfterLastGc());
    LiveEstimate live = profiles.gcs.live();
    out.add("LiveHeapEstimate = " + profiles.liveWeights.liveBytes());
    out.add("UnexplainedHeap = " + profiles.liveWeights.unexplainedBytes() + " ("
        + profiles.liveWeights.describeUnexplained() + ")");
    out.add("LiveHeapEstimateSource = " + live.describe());
    out.add("OldGenCleanings = " + live.cleanings() + " of " + live.collections() + " collections seen");
    out.add("NonHeapUsed = " + nonHeap.getUsed());
    out.add("NonHeapCommitted = " + nonHeap.getCommitted());
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      MemoryUsage u = pool.getUsage();
      if (u != null) {
        out.add("Pool[" + pool.getName() + "] = " + u.getUsed() + " / " + u.getCommitted() + " / " + u.getMax());
      }
    }
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      out.add("GC[" + gc.getName() + "] = " + gc.getCollectionCount() + " / " + gc.getCollectionTime());
    }
    long[] recent = profiles.gcs.recentDurationsMs();
    StringBuilder ring = new StringBuilder("RecentGCDurationsMs = [");
    for (int i = 0; i < recent.length; i++) {
      ring.append(i == 0 ? "" : " ").append(recent[i]);
    }
    out.add(ring.append(']').toString());
    out.add("NumGC = " + GcActivity.totalCollections());
    long total = totalAllocated();
    if (total >= 0) {
      out.add("TotalAlloc = " + total);
    }
    out.add("SampledAlloc = " + profiles.allocations.weight());
    ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
    out.add("LoadedClasses = " + classes.getLoadedClassCount());
    out.add("TotalLoadedClasses = " + classes.getTotalLoadedClassCount());
    out.add("UnloadedClasses = " + classes.getUnloadedClassCount());
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    out.add("Threads = " + threads.getThreadCount());
    out.add("PeakThreads = " + threads.getPeakThreadCount());
    out.add("DaemonThreads = " + threads.getDaemonThreadCount());
    out.add("TotalStartedThreads = " + threads.getTotalStartedThreadCount());
    long rss = procStatus("VmRSS:");
    if (rss >= 0) {
      out.add("RSS = " + rss);
    }
    long maxRss = procStatus("VmHWM:");
    if (maxRss >= 0) {
      out.add("MaxRSS = " + maxRss);
    }
    return out;
  }

  /**
   * Bytes allocated by all threads since the JVM started ({@code getTotalThreadAllocatedBytes},
   * JDK 21+), else by the threads alive now, else -1.
   */
  static long totalAllocated() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    if (!(threads instanceof com.sun.management.ThreadMXBean sun) || !sun.isThreadAllocatedMemoryEnabled()) {
      return -1;
    }
    try {
      Object total = com.sun.management.ThreadMXBean.class.getMethod("getTotalThreadAllocatedBytes").invoke(sun);
      return (Long) total;
    } catch (ReflectiveOperationException | RuntimeException e) {
      long sum = 0;
      for (long b : sun.getThreadAllocatedBytes(threads.getAllThreadIds())) {
        sum += Math.max(0, b);
      }
      return sum;
    }
  }

  /** A {@code kB} field of {@code /proc/self/status} in bytes, or -1 off Linux. */
  private static long procStatus(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(field)) {
          String[] parts = line.substring(field.length()).trim().split("\\s+");
          return Long.parseLong(parts[0]) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }
}
