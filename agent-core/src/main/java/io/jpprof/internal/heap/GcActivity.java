package io.jpprof.internal.heap;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import javax.management.ListenerNotFoundException;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * What the JVM's garbage collectors report through their notifications: the durations of the last
 * {@link #RING} collections (Go's {@code MemStats.PauseNs}) and the heap in use right after the
 * last one, the JVM's closest analogue of Go's "live heap as of the last GC". Listens between
 * {@link #start()} and {@link #stop()} (called by {@link HeapProfiles} as jpprof's collectors start
 * and stop).
 */
final class GcActivity {
  /** How many recent collections are remembered, as Go's 256-entry PauseNs. */
  static final int RING = 256;

  private final long[] durationsMs = new long[RING];
  private final long[] endMillis = new long[RING];
  private long recorded;
  private long heapAfterLastGc = -1;
  private long lastEndEpochMillis;
  private static final long JVM_START_MILLIS = ManagementFactory.getRuntimeMXBean().getStartTime();
  private final Set<String> heapPools = heapPools();
  private LiveEstimate live = LiveEstimate.NONE;
  private volatile Consumer<String> afterCollection = gcName -> {};

  private final NotificationListener listener =
      (n, handback) -> {
        if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
          GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
          record(info);
          afterCollection.accept(info.getGcName());
        }
      };
  private final List<NotificationEmitter> listening = new ArrayList<>();

  /** Calls {@code action} with the collector's name after each collection is recorded. */
  void onCollection(Consumer<String> action) {
    afterCollection = action;
  }

  private static Set<String> heapPools() {
    Set<String> pools = new HashSet<>();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pools.add(pool.getName());
      }
    }
    return Set.copyOf(pools);
  }

  /** Installs the listeners, unless they are installed. */
  synchronized void start() {
    if (!listening.isEmpty()) {
      return;
    }
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(listener, null, null);
        listening.add(emitter);
      }
    }
  }

  /** Removes the listeners; what they recorded stays. */
  synchronized void stop() {
    for (NotificationEmitter emitter : listening) {
      try {
        emitter.removeNotificationListener(listener);
      } catch (ListenerNotFoundException e) {
        // already gone
      }
    }
    listening.clear();
  }

  private synchronized void record(GarbageCollectionNotificationInfo info) {
    int slot = (int) (recorded++ % RING);
    durationsMs[slot] = info.getGcInfo().getDuration();
    endMillis[slot] = System.currentTimeMillis();
    lastEndEpochMillis = JVM_START_MILLIS + info.getGcInfo().getEndTime();
    Map<String, MemoryUsage> before = info.getGcInfo().getMemoryUsageBeforeGc();
    Map<String, MemoryUsage> afterGc = info.getGcInfo().getMemoryUsageAfterGc();
    long after = 0;
    for (Map.Entry<String, MemoryUsage> e : afterGc.entrySet()) {
      if (heapPools.contains(e.getKey())) {
        after += e.getValue().getUsed();
      }
    }
    if (!LiveEstimate.CONCURRENT_G1.equals(info.getGcName()) && !info.getGcName().endsWith("Pauses")) {
      heapAfterLastGc = after; // a G1 Remark/Cleanup pause leaves eden as it was; ZGC's pauses only mark phases
    }
    live = live.next(info.getGcName(), info.getGcAction(), before, afterGc, heapPools,
        JVM_START_MILLIS + info.getGcInfo().getStartTime(), lastEndEpochMillis);
  }

  /** The live-heap estimate as of the last collection. */
  synchronized LiveEstimate live() {
    return live;
  }

  /**
   * When the collection {@code n} before the last one ended (epoch ms; {@code n = 0} is the last),
   * or 0 when fewer collections were seen.
   */
  synchronized long endMillisAgo(int n) {
    if (n >= Math.min(recorded, RING)) {
      return 0;
    }
    return endMillis[(int) ((recorded - 1 - n) % RING)];
  }

  /** When the last collection seen ended, by the collector's own clock (epoch ms), 0 before the first. */
  synchronized long lastEndEpochMillis() {
    return lastEndEpochMillis;
  }

  /** Heap bytes in use right after the last collection seen, or -1 before the first. */
  synchronized long heapAfterLastGc() {
    return heapAfterLastGc;
  }

  /** The durations of the recent collections in milliseconds, oldest first. */
  synchronized long[] recentDurationsMs() {
    int n = (int) Math.min(recorded, RING);
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = durationsMs[(int) ((recorded - n + i) % RING)];
    }
    return out;
  }

  /** Collections seen by the listeners. */
  synchronized long recorded() {
    return recorded;
  }

  /** The collectors' total collection count (from the MXBeans, so it includes earlier ones). */
  static long totalCollections() {
    long n = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      n += Math.max(0, gc.getCollectionCount());
    }
    return n;
  }
}
