package io.jpprof.internal.heap;

import io.jpprof.internal.profile.Stack;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live old-object samples with a weight each, kept from snapshot to snapshot so that a site
 * whose objects did not change keeps exactly its bytes.
 *
 * <p><b>Weight.</b> A sample's weight is fixed when it is first seen: the bytes its thread allocated
 * per sampling chance around the time it was allocated ({@link TlabSizes}), or its own size when
 * larger. That is the ratio estimate of the bytes a sample stands for. Weights are never rescaled,
 * except once per old-generation cleaning for the remembered samples below.
 *
 * <p><b>Remembered samples.</b> Samples can leave the JVM's set without dying: the JVM evicts the
 * smallest when its queue is full, and {@link LiveRecording#rotate()} empties it. Those are kept
 * here, merged per (stack, class), as "remembered": after a rotation all samples seen; after an
 * eviction a sample that had survived at least {@link #SURVIVED} collections (so it was no longer
 * young, where it could have died) while the set was nearly full, unless the old generation was
 * cleaned since it was last seen. Whether they are still alive cannot be seen any more; after each
 * collection that cleaned the old generation, their bytes are scaled down (never up) so that with
 * the samples still in the JVM's set they do not exceed the live-heap estimate.
 *
 * <p>Bounded: at most {@link #MAX_TRACKED} samples and {@link #MAX_REMEMBERED} remembered sites.
 */
final class LiveSamples {
  static final int MAX_TRACKED = 1 << 16;
  static final int MAX_REMEMBERED = 1 << 14;
  static final int SURVIVED = 2;
  static final int DEFAULT_QUEUE = 256;

  /** One weighted sample, or the remembered bytes of one site, as the profile uses it. */
  record Weighted(Stack stack, String className, double bytes, double objects, boolean remembered) {}

  private record Id(long threadId, long allocationTicks, String className) {}

  private record Site(Stack stack, String className) {}

  private static final class Tracked {
    final OldObjectSnapshot.Live live;
    final double weight;
    long seenAtCleanings;
    long seenAtMillis;

    Tracked(OldObjectSnapshot.Live live, double weight) {
      this.live = live;
      this.weight = weight;
    }
  }

  private final Map<Id, Tracked> tracked = new HashMap<>();
  private final Map<Site, double[]> remembered = new HashMap<>();
  private final int queueSize = readQueueSize();
  private long cleaningsSeen = -1;
  private double massAtCleaning = -1;
  private double mass;
  private int lastSeen;

  /**
   * Updates the table with the samples alive now and returns the weighted samples and remembered
   * sites.
   */
  synchronized List<Weighted> update(List<OldObjectSnapshot.Live> now, LiveEstimate gc, TlabSizes tlabs,
      ObjectSizes sizes) {
    long nowMillis = System.currentTimeMillis();
    Set<Id> present = new HashSet<>();
    long typical = -1;
    boolean typicalKnown = false;
    for (OldObjectSnapshot.Live l : now) {
      Id id = new Id(l.threadId(), l.allocationTicks(), l.className());
      Tracked t = tracked.get(id);
      if (t == null) {
        if (tracked.size() >= MAX_TRACKED) {
          continue;
        }
        long size = sizeOf(l, sizes);
        long perChance = tlabs.at(l.threadId(), l.allocatedNanos() / 1_000_000);
        if (perChance <= 0) {
          if (!typicalKnown) {
            typical = tlabs.typical();
            typicalKnown = true;
          }
          perChance = typical;
        }
        t = new Tracked(l, perChance > 0 ? Math.max(size, perChance) : size);
        tracked.put(id, t);
      }
      present.add(id);
      t.seenAtCleanings = gc.cleanings();
      t.seenAtMillis = nowMillis;
    }
    boolean nearlyFull = now.size() * 10L >= queueSize * 9L;
    for (Iterator<Map.Entry<Id, Tracked>> it = tracked.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Id, Tracked> e = it.next();
      if (!present.contains(e.getKey())) {
        Tracked t = e.getValue();
        if (nearlyFull && gc.cleanings() == t.seenAtCleanings && survived(t)) {
          remember(t);
        }
        it.remove();
      }
    }
    if (cleaningsSeen >= 0 && gc.cleanings() > cleaningsSeen && gc.bytes() > 0) {
      calibrateRemembered(gc.bytes());
    }
    mass = 0;
    for (Tracked t : tracked.values()) {
      mass += t.weight;
    }
    for (double[] v : remembered.values()) {
      mass += v[0];
    }
    if (gc.cleanings() != cleaningsSeen && gc.cleanedBytes() >= 0) {
      massAtCleaning = mass;
    }
    cleaningsSeen = gc.cleanings();
    lastSeen = now.size();
    List<Weighted> out = new ArrayList<>(tracked.size() + remembered.size());
    for (Tracked t : tracked.values()) {
      out.add(new Weighted(t.live.stack(), t.live.className(), t.weight,
          t.weight / Math.max(1, sizeOf(t.live, sizes)), false));
    }
    remembered.forEach((site, v) -> out.add(new Weighted(site.stack(), site.className(), v[0], v[1], true)));
    return out;
  }

  /** Remembers every sample seen, before the JVM's queue is emptied by {@link LiveRecording#rotate()}. */
  synchronized void rotate() {
    tracked.values().forEach(this::remember);
    tracked.clear();
  }

  private void remember(Tracked t) {
    Site site = new Site(t.live.stack(), t.live.className());
    double[] v = remembered.get(site);
    if (v == null) {
      if (remembered.size() >= MAX_REMEMBERED) {
        return;
      }
      v = new double[2];
      remembered.put(site, v);
    }
    v[0] += t.weight;
    long size = ObjectSizes.sizeOf(t.live);
    v[1] += size > 0 ? t.weight / size : 1;
  }

  /** After an old-generation cleaning: remembered bytes may not exceed what the samples leave of the live heap. */
  private void calibrateRemembered(long live) {
    double verified = 0;
    for (Tracked t : tracked.values()) {
      verified += t.weight;
    }
    double kept = 0;
    for (double[] v : remembered.values()) {
      kept += v[0];
    }
    if (kept <= 0) {
      return;
    }
    double factor = Math.max(0, Math.min(1, (live - verified) / kept));
    for (double[] v : remembered.values()) {
      v[0] *= factor;
      v[1] *= factor;
    }
  }

  private static long sizeOf(OldObjectSnapshot.Live l, ObjectSizes sizes) {
    long size = ObjectSizes.sizeOf(l);
    return size > 0 ? size : sizes.average(l.className());
  }

  /** Whether the sample had survived {@link #SURVIVED} collections when it was last seen. */
  private static boolean survived(Tracked t) {
    long allocatedMillis = t.live.allocatedNanos() / 1_000_000;
    int gcsAfter = 0;
    for (int n = 0; n < GcActivity.RING; n++) {
      long end = GcActivity.endMillisAgo(n);
      if (end == 0 || end < allocatedMillis) {
        break;
      }
      if (end <= t.seenAtMillis) {
        gcsAfter++;
      }
    }
    return gcsAfter >= SURVIVED;
  }

  /**
   * The live heap: the estimate after the last collection, but when a collection that cleaned the
   * old generation was seen, at most what it left plus the growth of the samples' bytes since then
   * (garbage promoted since is not counted by the samples, as long as its samples died young).
   */
  synchronized long liveBytes(LiveEstimate gc) {
    if (gc.cleanedBytes() < 0 || massAtCleaning < 0) {
      return gc.bytes();
    }
    return Math.min(gc.bytes(), gc.cleanedBytes() + Math.round(Math.max(0, mass - massAtCleaning)));
  }

  /** Samples in the JVM's set at the last update. */
  synchronized int lastSeen() {
    return lastSeen;
  }

  /** Remembered sites. */
  synchronized int remembered() {
    return remembered.size();
  }

  /** Whether the JVM's set was nearly full at the last update. */
  synchronized boolean nearlyFull() {
    return lastSeen * 10L >= queueSize * 9L;
  }

  /** How full the JVM's set was at the last update, in percent. */
  synchronized int filledPercent() {
    return (int) (lastSeen * 100L / Math.max(1, queueSize));
  }

  /** The JVM's sample queue size. */
  int queueSize() {
    return queueSize;
  }

  /** {@code -XX:FlightRecorderOptions:old-object-queue-size=N}, else 256. */
  private static int readQueueSize() {
    Pattern option = Pattern.compile("old-object-queue-size=(\\d+)");
    try {
      var hotspot = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
      Matcher m = option.matcher(hotspot.getVMOption("FlightRecorderOptions").getValue());
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
    } catch (RuntimeException e) {
      // not HotSpot, or no such option: the input arguments, else the default
    }
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      Matcher m = option.matcher(arg);
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
    }
    return DEFAULT_QUEUE;
  }
}
