package io.jpprof.internal.heap;

import io.jpprof.internal.jfr.JfrStacks;
import io.jpprof.internal.profile.Frame;
import io.jpprof.internal.profile.Label;
import io.jpprof.internal.profile.ProfileView;
import io.jpprof.internal.profile.Sample;
import io.jpprof.internal.profile.SampleTable;
import io.jpprof.internal.profile.Stack;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;

/**
 * Sums {@code jdk.ObjectAllocationSample} events by (allocation stack, class): value 0 is bytes,
 * value 1 the number of events.
 *
 * <p>An event's {@code weight} is what its thread allocated since the thread's previous emitted
 * event, so per thread the weights add up to everything the thread allocated. But JFR's throttle
 * emits the first attempts of each 200 ms window and drops the rest, so the first event of a
 * window carries the bytes of the whole gap before it: a handful of events carry most of the
 * bytes, and crediting each weight to its own event's stack makes the split between sites very
 * noisy (a true 75 % site read as 47–97 % in 2 s). Instead each event's weight is spread evenly
 * over the same thread's events of the last {@link #HORIZON_MILLIS} ms (one throttle window plus
 * margin; at most {@link #SPREAD}, itself included): each event is an unbiased draw of "which site
 * crossed a TLAB boundary", so the split follows the thread's recent event counts, while
 * per-thread totals stay exact. The price is a time resolution of about a quarter second: when a
 * thread switches from one site to another, the bytes of that moment are shared between both.
 *
 * <p>Bounded: at most {@link #MAX_KEYS} distinct (stack, class) pairs are kept; the weight of
 * events with new pairs past that goes to one {@link #OVERFLOW} stack, so totals stay right and the
 * loss is visible in the profile.
 */
final class AllocationSampler {
  /** The JFR event. */
  static final String EVENT = "jdk.ObjectAllocationSample";

  /** The internal label naming the allocated class (JVM descriptor form, like {@code [B}). */
  static final String CLASS_LABEL = ProfileView.CLASS;

  /** Distinct (stack, class) pairs kept. */
  static final int MAX_KEYS = 8192;

  /** Where allocations of new stacks go once the table is full. */
  static final Frame OVERFLOW = Frame.of("", "[jpprof: allocation table full]", null, 0);

  /** How many recent events of a thread share each event's weight. */
  static final int SPREAD = 64;

  /** How far back, in event time, an event's weight is shared. */
  static final long HORIZON_MILLIS = 250;

  /** Threads whose recent events are remembered (least recently sampled forgotten first). */
  static final int MAX_THREADS = 1024;

  private static final List<Label> OVERFLOW_LABELS = List.of(Label.of(CLASS_LABEL, "?"));

  /** The last {@link #SPREAD} keys of one thread, and the raw weights the thread's events carried. */
  private static final class Recent {
    final Sample.Key[] keys = new Sample.Key[SPREAD];
    final long[] millis = new long[SPREAD];
    long n;
    long rawWeight;
    /** Bytes of this thread's tail already committed by a profile, that its next events carry again. */
    long committedAhead;
  }

  /** What each thread alive when sampling started had allocated by then. */
  private final Map<Long, Long> baseline = new HashMap<>();

  private final Map<Long, Recent> threads =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Recent> eldest) {
          return size() > MAX_THREADS;
        }
      };

  /** Per (stack, class): bytes, events, thousandths of objects; values only ever grow. */
  private final SampleTable table = new SampleTable(3, MAX_KEYS);
  private final JfrStacks stacks = new JfrStacks();
  private final Stack overflow = Stack.of(List.of(OVERFLOW));
  private long events;
  private long weight;

  private final ObjectSizes sizes;

  AllocationSampler(ObjectSizes sizes) {
    this.sizes = sizes;
    table.add(overflow, OVERFLOW_LABELS, 0, 0, 0);
  }

  /** Adds one event; called on the stream's thread. */
  void accept(RecordedEvent e) {
    long w = e.getLong("weight");
    RecordedClass c = e.getClass("objectClass");
    String cls = c == null ? "?" : c.getName();
    RecordedThread thread = e.getThread();
    long tid = thread == null ? -1 : thread.getJavaThreadId();
    synchronized (this) {
      events++;
      weight += w;
      Stack stack = OwnAllocations.isOwn(thread, e.getStackTrace()) ? OwnAllocations.STACK : stacks.of(e.getStackTrace());
      Sample.Key key = new Sample.Key(stack, List.of(Label.of(CLASS_LABEL, cls)));
      Recent recent = threads.get(tid);
      if (recent == null) {
        recent = new Recent();
        threads.put(tid, recent);
        Long before = baseline.remove(tid);
        if (before != null) {
          // A thread's first event weighs everything it allocated since it started.
          recent.rawWeight = Math.min(w, before);
          weight -= recent.rawWeight;
          w -= recent.rawWeight;
        }
      }
      long ahead = Math.min(w, recent.committedAhead);
      recent.committedAhead -= ahead;
      w -= ahead; // already committed as part of a tail
      weight -= ahead;
      recent.rawWeight += w;
      long at = e.getStartTime().toEpochMilli();
      int slot = (int) (recent.n++ % SPREAD);
      recent.keys[slot] = key;
      recent.millis[slot] = at;
      int filled = (int) Math.min(recent.n, SPREAD);
      int k = 0;
      for (int i = 0; i < filled; i++) {
        if (at - recent.millis[i] <= HORIZON_MILLIS) {
          k++;
        }
      }
      long share = w / k;
      for (int i = 0; i < filled; i++) {
        if (i == slot) {
          add(key, share + w % k, 1);
        } else if (at - recent.millis[i] <= HORIZON_MILLIS) {
          add(recent.keys[i], share, 0);
        }
      }
    }
  }

  /**
   * Commits bytes (and the objects they make at the class's current size estimate) to a key, for
   * good: a stack's {@code alloc_*} never goes down between profiles.
   */
  private void add(Sample.Key key, long bytes, long count) {
    if (bytes <= 0 && count == 0) {
      return;
    }
    long milliObjects = Math.round(bytes * 1000.0 / sizes.average(className(key)));
    long dropped = table.dropped();
    table.add(key.stack(), key.labels(), bytes, count, milliObjects);
    if (table.dropped() != dropped) {
      table.add(overflow, OVERFLOW_LABELS, bytes, count, milliObjects);
    }
  }

  private static String className(Sample.Key key) {
    return key.labels().isEmpty() ? "?" : key.labels().get(0).str();
  }

  /**
   * Remembers what every live thread has allocated so far, so that its first event (whose weight
   * covers the thread's whole life) is counted only from now on. Called whenever sampling
   * (re)starts; threads already sampled keep their running totals, and the baselines of threads
   * that ended since the last start are dropped.
   */
  synchronized void baseline() {
    baseline.clear();
    long[] ids = ManagementFactory.getThreadMXBean().getAllThreadIds();
    long[] bytes = allocatedBytes(ids);
    for (int i = 0; i < ids.length && bytes != null; i++) {
      if (bytes[i] > 0 && !threads.containsKey(ids[i])) {
        baseline.put(ids[i], bytes[i]);
      }
    }
  }

  /**
   * The sums so far: values {@code [bytes, events, objects]}, labelled with the class. First each
   * live thread's tail (what it allocated after its last delivered event, per {@code
   * getThreadAllocatedBytes}) is committed, spread over its recent events, so totals are exact for
   * live threads at the time of the call; the thread's next events do not count those bytes again.
   */
  synchronized List<Sample> samples() {
    List<Recent> javaThreads = new ArrayList<>(threads.size());
    long[] ids = new long[threads.size()];
    int n = 0;
    for (Map.Entry<Long, Recent> t : threads.entrySet()) {
      if (t.getKey() > 0) { // events of JVM-internal threads carry no Java thread id
        ids[n++] = t.getKey();
        javaThreads.add(t.getValue());
      }
    }
    long[] now = allocatedBytes(Arrays.copyOf(ids, n));
    for (int j = 0; j < javaThreads.size(); j++) {
      Recent r = javaThreads.get(j);
      long allocated = now == null ? -1 : now[j];
      long tail = allocated - r.rawWeight;
      if (allocated < 0 || tail <= 0 || r.n == 0) {
        continue;
      }
      r.rawWeight += tail;
      r.committedAhead += tail;
      weight += tail;
      int filled = (int) Math.min(r.n, SPREAD);
      int last = (int) ((r.n - 1) % SPREAD);
      int k = 0;
      for (int i = 0; i < filled; i++) {
        if (r.millis[last] - r.millis[i] <= HORIZON_MILLIS) {
          k++;
        }
      }
      for (int i = 0; i < filled; i++) {
        if (r.millis[last] - r.millis[i] <= HORIZON_MILLIS) {
          add(r.keys[i], tail / k + (i == last ? tail % k : 0), 0);
        }
      }
    }
    List<Sample> out = new ArrayList<>();
    for (Sample s : table.samples()) {
      // at least one object where there are bytes (pprof's text parser insists), still never decreasing
      long objects = s.value(0) > 0 ? Math.max(1, (s.value(2) + 999) / 1000) : 0;
      out.add(new Sample(s.stack(), new long[] {s.value(0), s.value(1), objects}, s.labels()));
    }
    return out;
  }

  private static long[] allocatedBytes(long[] ids) {
    if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean sun
        && sun.isThreadAllocatedMemorySupported()
        && sun.isThreadAllocatedMemoryEnabled()) {
      try {
        return sun.getThreadAllocatedBytes(ids);
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    return null;
  }

  /** Number of distinct (stack, class) records. */
  synchronized int records() {
    return table.samples().size();
  }

  /** Events received. */
  synchronized long events() {
    return events;
  }

  /** Σweight of all events received. */
  synchronized long weight() {
    return weight;
  }

  /** Events whose stack went to {@link #OVERFLOW}. */
  synchronized long dropped() {
    return table.dropped();
  }
}
