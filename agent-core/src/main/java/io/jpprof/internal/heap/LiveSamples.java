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
 * larger. That is the ratio estimate of the bytes a sample stands for.
 *
 * <p><b>Samples the JVM evicts.</b> The JVM keeps at most {@code old-object-queue-size} samples and,
 * when full, replaces the smallest ones (by object size plus the sizes of dead samples merged into
 * them) with new ones. A sample that leaves the set is taken as evicted, and kept here with its
 * weight, when the set was nearly full, the sample had survived at least {@link #SURVIVED}
 * collections when last seen (so it was no longer in the young generation, where it could have
 * died) and no collection has cleaned the old generation since; otherwise it is taken as dead and
 * its weight removed. Kept ("remembered") samples are dropped at the next old-generation cleaning
 * ({@link LiveEstimate#cleanings()}): whether they survived it cannot be told.
 *
 * <p>Bounded: at most {@link #MAX_TRACKED} samples.
 */
final class LiveSamples {
  static final int MAX_TRACKED = 1 << 16;
  static final int SURVIVED = 2;
  static final int DEFAULT_QUEUE = 256;

  /** One weighted sample as the profile uses it. */
  record Weighted(Stack stack, String className, double bytes, double objects, boolean remembered) {}

  private record Id(long threadId, long allocatedNanos, String className, Stack stack) {}

  private static final class Tracked {
    final OldObjectSnapshot.Live live;
    final double weight;
    long seenAtCleanings;
    long seenAtMillis;
    boolean remembered;

    Tracked(OldObjectSnapshot.Live live, double weight) {
      this.live = live;
      this.weight = weight;
    }
  }

  private final Map<Id, Tracked> tracked = new HashMap<>();
  private final int queueSize = readQueueSize();
  private int lastSeen;
  private int remembered;

  /**
   * Updates the table with the samples alive now and returns all tracked samples with their
   * weights (remembered ones included).
   */
  synchronized List<Weighted> update(List<OldObjectSnapshot.Live> now, LiveEstimate gc, TlabSizes tlabs,
      ObjectSizes sizes) {
    long nowMillis = System.currentTimeMillis();
    Set<Id> present = new HashSet<>();
    long typical = -1;
    boolean typicalKnown = false;
    for (OldObjectSnapshot.Live l : now) {
      Id id = new Id(l.threadId(), l.allocatedNanos(), l.className(), l.stack());
      present.add(id);
      Tracked t = tracked.get(id);
      if (t == null) {
        if (tracked.size() >= MAX_TRACKED) {
          continue;
        }
        long size = ObjectSizes.sizeOf(l);
        if (size <= 0) {
          size = sizes.average(l.className());
        }
        long tlab = tlabs.at(l.threadId(), l.allocatedNanos() / 1_000_000);
        if (tlab <= 0) {
          if (!typicalKnown) {
            typical = tlabs.typical();
            typicalKnown = true;
          }
          tlab = typical;
        }
        t = new Tracked(l, tlab > 0 ? Math.max(size, tlab) : size);
        tracked.put(id, t);
      }
      t.remembered = false;
      t.seenAtCleanings = gc.cleanings();
      t.seenAtMillis = nowMillis;
    }
    boolean nearlyFull = now.size() * 10L >= queueSize * 9L;
    remembered = 0;
    for (Iterator<Map.Entry<Id, Tracked>> it = tracked.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Id, Tracked> e = it.next();
      if (present.contains(e.getKey())) {
        continue;
      }
      Tracked t = e.getValue();
      boolean cleanedSince = gc.cleanings() > t.seenAtCleanings;
      if (!t.remembered) {
        t.remembered = nearlyFull && !cleanedSince && survived(t);
      }
      if (!t.remembered || cleanedSince) {
        it.remove();
      } else {
        remembered++;
      }
    }
    lastSeen = now.size();
    List<Weighted> out = new ArrayList<>(tracked.size());
    for (Tracked t : tracked.values()) {
      long size = ObjectSizes.sizeOf(t.live);
      if (size <= 0) {
        size = sizes.average(t.live.className());
      }
      out.add(new Weighted(t.live.stack(), t.live.className(), t.weight, t.weight / Math.max(1, size), t.remembered));
    }
    return out;
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

  /** Samples in the JVM's set at the last update. */
  synchronized int lastSeen() {
    return lastSeen;
  }

  /** Evicted samples still counted at the last update. */
  synchronized int remembered() {
    return remembered;
  }

  /** The JVM's sample queue size. */
  int queueSize() {
    return queueSize;
  }

  /** {@code -XX:FlightRecorderOptions:old-object-queue-size=N}, else 256. */
  private static int readQueueSize() {
    try {
      var hotspot = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
      Matcher m = Pattern.compile("old-object-queue-size=(\\d+)")
          .matcher(hotspot.getVMOption("FlightRecorderOptions").getValue());
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
    } catch (RuntimeException e) {
      // not HotSpot, or no such option: the default
    }
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      Matcher m = Pattern.compile("old-object-queue-size=(\\d+)").matcher(arg);
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
    }
    return DEFAULT_QUEUE;
  }
}
