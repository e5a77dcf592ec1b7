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
 * cleaned since it was last seen and no smaller sample of its site stayed ({@link
 * SmallestSamples}). Whether they are still alive cannot be seen any more; after each
 * collection that cleaned the old generation, their bytes are scaled down (never up) so that with
 * the samples still in the JVM's set they do not exceed the live-heap estimate.
 *
 * <p>Bounded: at most {@link #MAX_TRACKED} samples and {@link #MAX_REMEMBERED} remembered sites.
 */
final class LiveSamples {
  static final int MAX_TRACKED = 1 << 16;
  static final int MAX_REMEMBERED = 1 << 14;
  static final int SURVIVED = 1;
  static final int DEFAULT_QUEUE = 256;

  /** A read lacking more than this share of the tracked samples' bytes is taken for a partial one. */
  static final double PARTIAL_READ = 0.5;

  /** How long a sample's weight may wait for the allocation data of its time before it is fixed anyway. */
  static final long PROVISIONAL_MILLIS = 10_000;

  /** One weighted sample, or the remembered bytes of one site, as the profile uses it. */
  record Weighted(Stack stack, String className, double bytes, double objects, boolean remembered) {}

  private record Id(long threadId, long allocationTicks, String className) {}

  private record Site(Stack stack, String className) {}

  private static final class Tracked {
    final OldObjectSnapshot.Live live;
    double weight;
    /** False until the allocation data around the sample's time has arrived ({@link TlabSizes#complete}). */
    boolean fixed;
    long seenAtCleanings;
    long seenAtMillis;
    /** Absent from the last read, which lacked most of the samples' bytes: kept for one more read. */
    boolean missed;

    Tracked(OldObjectSnapshot.Live live, double weight) {
      this.live = live;
      this.weight = weight;
    }
  }

  /** Longest span after a restart whose samples also stand for those lost just before it. */
  static final long MAX_MIRROR_MILLIS = 5000;

  private static final int MIRRORS = 16;
  private final long[] mirrorFrom = new long[MIRRORS];
  private final long[] mirrorTo = new long[MIRRORS];
  private final long[] lostFrom = new long[MIRRORS];
  private int mirrors;

  private final Map<Id, Tracked> tracked = new HashMap<>();
  private final List<Tracked> pending = new ArrayList<>();
  private final Map<Site, double[]> remembered = new HashMap<>();
  private final int queueSize = readQueueSize();
  private long cleaningsSeen = -1;
  private final Unexplained unexplained = new Unexplained();
  private final GcActivity gcs;
  private double mass;
  private int lastSeen;
  private long chancesAtLastUpdate = -1;

  /** A table whose samples' survival is judged by the collections {@code gcs} saw. */
  LiveSamples(GcActivity gcs) {
    this.gcs = gcs;
  }

  /**
   * Updates the table with the samples alive now and returns the weighted samples and remembered
   * sites.
   */
  synchronized List<Weighted> update(List<OldObjectSnapshot.Live> now, LiveEstimate gc, TlabSizes tlabs,
      ObjectSizes sizes) {
    long nowMillis = System.currentTimeMillis();
    Set<Id> present = new HashSet<>();
    // remembered samples whose weight was not fixed yet: fix it, then add it to its site
    for (Iterator<Tracked> it = pending.iterator(); it.hasNext(); ) {
      Tracked t = it.next();
      weigh(t, tlabs, sizes, nowMillis);
      if (t.fixed) {
        it.remove();
        remember(t);
      }
    }
    for (OldObjectSnapshot.Live l : now) {
      Id id = new Id(l.threadId(), l.allocationTicks(), l.className());
      Tracked t = tracked.get(id);
      if (t == null) {
        if (tracked.size() >= MAX_TRACKED) {
          continue;
        }
        t = new Tracked(l, 0);
        tracked.put(id, t);
      }
      if (!t.fixed) {
        weigh(t, tlabs, sizes, nowMillis);
      }
      present.add(id);
      t.seenAtCleanings = gc.cleanings();
      t.seenAtMillis = nowMillis;
    }
    // the JVM offers it one object per TLAB event: if that many could have filled its queue since
    // the last read, samples that are gone may have been evicted rather than died
    long chances = tlabs.events();
    boolean nearlyFull = now.size() * 10L >= queueSize * 9L
        || (chancesAtLastUpdate >= 0 && lastSeen + (chances - chancesAtLastUpdate) >= queueSize * 9L / 10);
    chancesAtLastUpdate = chances;
    // a read that lacks most of the bytes of samples seen before is taken for a partial one once: on
    // ZGC a read now and then held 53 of 836 samples, and the next one all of them again
    double trackedBytes = 0;
    double goneBytes = 0;
    for (Map.Entry<Id, Tracked> e : tracked.entrySet()) {
      trackedBytes += e.getValue().weight;
      if (!present.contains(e.getKey())) {
        goneBytes += e.getValue().weight;
      }
    }
    boolean partial = goneBytes > PARTIAL_READ * trackedBytes;
    SmallestSamples smallest = nearlyFull ? new SmallestSamples(now, sizes) : null;
    for (Iterator<Map.Entry<Id, Tracked>> it = tracked.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Id, Tracked> e = it.next();
      Tracked t = e.getValue();
      t.missed = t.missed && !present.contains(e.getKey());
      if (!present.contains(e.getKey())) {
        if (partial && !t.missed) {
          t.missed = true;
          continue;
        }
        if (nearlyFull && survived(t)
            && (gc.cleanings() == t.seenAtCleanings || smallest.evictable(t.live, sizeOf(t.live, sizes)))) {
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
    for (Tracked t : pending) {
      mass += t.weight;
    }
    unexplained.update(gc, mass, tlabs, nowMillis);
    cleaningsSeen = gc.cleanings();
    lastSeen = now.size();
    List<Weighted> out = new ArrayList<>(tracked.size() + remembered.size());
    for (Tracked t : tracked.values()) {
      out.add(new Weighted(t.live.stack(), t.live.className(), t.weight,
          t.weight / Math.max(1, sizeOf(t.live, sizes)), false));
    }
    remembered.forEach((site, v) -> out.add(new Weighted(site.stack(), site.className(), v[0], v[1], true)));
    for (Tracked t : pending) {
      out.add(new Weighted(t.live.stack(), t.live.className(), t.weight,
          t.weight / Math.max(1, sizeOf(t.live, sizes)), true));
    }
    return out;
  }

  /**
   * The smallest sample of each site in a snapshot: tells an eviction from a death after a
   * cleaning. Once full, the JVM's queue evicts its smallest samples first (by "span": the object's
   * size plus those of dead samples merged into it), so a sample that left it while no smaller
   * sample of its site stayed was more likely evicted than dead: a site that keeps its objects (a
   * cache, a static set, a growing list, often of one size) loses samples that way whenever the
   * queue fills between two sweeps (ZGC's cycles can be 10 s apart), oldest first among equals.
   * Objects that die whatever their size (requests, a ring of recent items) leave smaller samples
   * of their site behind, so their vanished samples count as dead; a site of one size whose objects
   * die keeps dead bytes until the next cleaning scales the remembered ones down.
   */
  static final class SmallestSamples {
    private final Map<Site, Long> smallest = new HashMap<>();

    SmallestSamples(List<OldObjectSnapshot.Live> now, ObjectSizes sizes) {
      for (OldObjectSnapshot.Live l : now) {
        smallest.merge(new Site(l.stack(), l.className()), sizeOf(l, sizes), Math::min);
      }
    }

    /** Whether no sample of {@code l}'s site smaller than {@code size} is in the snapshot, and one is. */
    boolean evictable(OldObjectSnapshot.Live l, long size) {
      Long min = smallest.get(new Site(l.stack(), l.className()));
      return min != null && size <= min;
    }
  }

  /**
   * Gives a sample its weight: the bytes its thread allocated per sampling chance around its
   * allocation, once more for each restart's lost span it mirrors; fixed once the allocation data
   * of that time has arrived (or {@link #PROVISIONAL_MILLIS} after the allocation).
   */
  private void weigh(Tracked t, TlabSizes tlabs, ObjectSizes sizes, long nowMillis) {
    OldObjectSnapshot.Live l = t.live;
    long size = sizeOf(l, sizes);
    long atMillis = l.allocatedNanos() / 1_000_000;
    long perChance = tlabs.at(l.threadId(), atMillis);
    if (perChance <= 0) {
      perChance = tlabs.typical();
    }
    double mirrored = mirrored(l.threadId(), atMillis, tlabs);
    t.weight = (perChance > 0 ? Math.max(size, perChance) : size) * (1 + Math.max(0, mirrored));
    t.fixed = (tlabs.complete(atMillis) && mirrored >= 0) || nowMillis - atMillis > PROVISIONAL_MILLIS;
  }

  /**
   * Remembers every sample seen, once the JVM's queue was emptied by {@link LiveRecording#rotate()}
   * right after {@code snapshot} was taken, at {@code restartedMillis}. The samples the JVM took
   * between the last one in the snapshot (it emits only samples older than its last sweep of the
   * set, at a GC) and the restart are lost; the same span of time right after the restart stands in
   * for them: its samples count twice ({@link #MAX_MIRROR_MILLIS} at most).
   */
  synchronized void rotate(List<OldObjectSnapshot.Live> snapshot, long restartedMillis, long sweptMillis) {
    long last = sweptMillis;
    for (OldObjectSnapshot.Live l : snapshot) {
      last = Math.max(last, l.allocatedNanos() / 1_000_000);
    }
    long lost = last == 0 ? 0 : Math.min(MAX_MIRROR_MILLIS, Math.max(0, restartedMillis - last));
    if (lost > 0) {
      int slot = mirrors++ % MIRRORS;
      mirrorFrom[slot] = restartedMillis;
      mirrorTo[slot] = restartedMillis + lost;
      lostFrom[slot] = restartedMillis - lost;
    }
    for (Tracked t : tracked.values()) {
      if (t.fixed || pending.size() >= MAX_TRACKED) {
        remember(t);
      } else {
        pending.add(t); // remembered once its weight is fixed
      }
    }
    tracked.clear();
  }

  /**
   * How much more than itself a sample of thread {@code threadId} allocated at {@code atMillis}
   * stands for: for each lost span it mirrors, what the thread allocated in the lost span over what
   * it allocated in the mirror ({@link TlabSizes#bytes}; 1 when unknown, at most 3), so that a
   * thread that only started allocating after the restart is not counted twice. Returns -1 while
   * the mirror's allocation data has not all arrived.
   */
  private double mirrored(long threadId, long atMillis, TlabSizes tlabs) {
    double k = 0;
    for (int i = 0; i < Math.min(mirrors, MIRRORS); i++) {
      if (atMillis >= mirrorFrom[i] && atMillis < mirrorTo[i]) {
        if (!tlabs.complete(mirrorTo[i])) {
          return -1;
        }
        long mirror = tlabs.bytes(threadId, mirrorFrom[i], mirrorTo[i]);
        long lost = tlabs.bytes(threadId, lostFrom[i], mirrorFrom[i]);
        k += mirror <= 0 ? 1 : Math.min(3, (double) lost / mirror);
      }
    }
    return k;
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
  private boolean survived(Tracked t) {
    long allocatedMillis = t.live.allocatedNanos() / 1_000_000;
    int gcsAfter = 0;
    for (int n = 0; n < GcActivity.RING; n++) {
      long end = gcs.endMillisAgo(n);
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
   * The live heap: the samples' bytes plus what they do not explain ({@link Unexplained}); -1
   * before the first collection.
   */
  synchronized long liveBytes() {
    long rest = unexplained.bytes();
    return rest < 0 ? -1 : Math.round(mass) + rest;
  }

  /** The live bytes no sample explains ({@link Unexplained}), or -1 before the first collection. */
  synchronized long unexplainedBytes() {
    return unexplained.bytes();
  }

  /** A profile shows the unexplained bytes: from now on they do not rise between markings ({@link Unexplained#anchor()}). */
  void anchorUnexplained() {
    unexplained.anchor();
  }

  /** How {@link #unexplainedBytes()} was measured. */
  String describeUnexplained() {
    return unexplained.describe();
  }

  /** Samples in the JVM's set at the last update. */
  synchronized int lastSeen() {
    return lastSeen;
  }

  /** Remembered sites. */
  synchronized int remembered() {
    return remembered.size();
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
