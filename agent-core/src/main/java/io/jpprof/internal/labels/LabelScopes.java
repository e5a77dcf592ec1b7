package io.jpprof.internal.labels;

import io.jpprof.Labels;
import io.jpprof.internal.AgentLink;
import io.jpprof.internal.profile.Label;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Each thread's current labels.
 *
 * <p>A thread's state is one small holder in a {@link ThreadLocal} (virtual threads have their
 * own), so entering and leaving a scope is a thread-local read, a merge (none when the thread had
 * no labels) and a store: no lock, no allocation beyond the merged set. Holders are also in a
 * process-wide set, so the goroutine and wall-clock profiles can read every thread's labels: a
 * platform thread's holder joins it once (dead threads are swept when the set has doubled), a
 * virtual thread's while it has labels.
 *
 * <p>While a CPU profile runs, every change is also a JFR event ({@link LabelEvent}) in that
 * profile's stream, so {@link LabelJoin} can tell which labels a thread had at a sample's tick.
 *
 * <p>When the JVM runs jpprof's agent and this is the application's own copy, every change is
 * also handed to the agent's copy ({@link AgentLink}), which serves the agent's profiles.
 */
public final class LabelScopes {
  /** What {@link Labels} lets this package keep on each set. */
  public interface Access {
    Object cache(Labels labels);

    void cache(Labels labels, Object value);
  }

  /**
   * What the profiles derive from a label set, made once per set: the pprof labels and the JFR
   * encoding together, the agent's set (see {@link AgentLink}) on its own. Racing threads may both
   * make a part; each part is immutable, so either result will do.
   */
  private static final class Derived {
    List<Label> pprof;
    volatile String encoded; // written after pprof: who reads it set reads pprof set
    Object agent;
  }

  private static final class Holder {
    final Thread thread = Thread.currentThread();
    @SuppressWarnings("deprecation") // Thread.threadId() is 19+
    final long id = thread.getId();
    final boolean virtual = isVirtual(thread);
    volatile Labels labels = Labels.EMPTY;
    boolean registered; // only the owning thread reads and writes it
    LabelEvent event; // reused: begin() restarts its clock, so a change costs no allocation
  }

  private static final VarHandle LABELS;
  private static final MethodHandle IS_VIRTUAL = isVirtualHandle();
  private static final ThreadLocal<Holder> HOLDER = ThreadLocal.withInitial(Holder::new);
  private static final Set<Holder> LIVE = ConcurrentHashMap.newKeySet();
  private static final int MIN_SWEEP = 256;
  private static final AtomicInteger SWEEP_AT = new AtomicInteger(MIN_SWEEP);
  private static final AtomicInteger EMITTERS = new AtomicInteger();
  private static volatile boolean emitting;
  private static volatile Access access;
  private static final AgentLink AGENT = AgentLink.agent();

  static {
    try {
      LABELS = MethodHandles.lookup().findVarHandle(Holder.class, "labels", Labels.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private LabelScopes() {}

  /** Called once by {@link Labels}. */
  public static void install(Access a) {
    access = a;
  }

  /** The calling thread's labels. */
  public static Labels current() {
    return HOLDER.get().labels;
  }

  /** Adds {@code add} to the calling thread's labels (its values win); returns the labels before. */
  public static Labels enter(Labels add) {
    Holder h = HOLDER.get();
    Labels before = h.labels;
    Labels after = before.with(add);
    if (after != before) {
      set(h, after);
    }
    return before;
  }

  /** Gives the calling thread back the labels {@link #enter} returned. */
  public static void exit(Labels before) {
    Holder h = HOLDER.get();
    if (h.labels != before) {
      set(h, before);
    }
  }

  /** Gives the calling thread exactly {@code labels} (the agent's side of {@link AgentLink}). */
  public static void replace(Labels labels) {
    exit(labels);
  }

  private static void set(Holder h, Labels labels) {
    LABELS.setRelease(h, labels); // readers are other threads' profiles, which may see it late
    if (h.virtual) {
      if (labels.isEmpty()) {
        LIVE.remove(h);
        h.registered = false;
      } else if (!h.registered) {
        LIVE.add(h);
        h.registered = true;
      }
    } else if (!h.registered) {
      register(h);
    }
    if (emitting) {
      LabelEvent e = h.event;
      if (e == null) {
        e = new LabelEvent();
        h.event = e;
      }
      emit(e, labels, false);
    }
    if (AGENT != null) {
      AGENT.setLabels(agentLabels(labels));
    }
  }

  private static Object agentLabels(Labels labels) {
    Derived d = cached(labels);
    Object a = d.agent;
    if (a == null) {
      a = AGENT.labels(labels);
      d.agent = a;
    }
    return a;
  }

  private static void register(Holder h) {
    h.registered = true;
    LIVE.add(h);
    int size = LIVE.size();
    int at = SWEEP_AT.get();
    if (size > at && SWEEP_AT.compareAndSet(at, Integer.MAX_VALUE)) {
      LIVE.removeIf(x -> !x.thread.isAlive());
      SWEEP_AT.set(Math.max(MIN_SWEEP, 2 * LIVE.size()));
    }
  }

  /** The labels of every live thread that has some, by thread id. */
  public static Map<Long, Labels> byThread() {
    Map<Long, Labels> out = new HashMap<>();
    for (Holder h : LIVE) {
      Labels l = h.labels;
      if (!l.isEmpty() && h.thread.isAlive()) {
        out.put(h.id, l);
      }
    }
    return out;
  }

  /** {@code labels} as pprof string labels, sorted by key; made once per set. */
  public static List<Label> pprofLabels(Labels labels) {
    return derived(labels).pprof;
  }

  private static Derived derived(Labels labels) {
    Derived d = cached(labels);
    if (d.encoded == null) {
      List<Label> pprof = new ArrayList<>(labels.size());
      StringBuilder encoded = new StringBuilder();
      labels.forEach((k, v) -> {
        pprof.add(Label.of(k, v));
        encoded.append(k.length()).append(':').append(k).append(v.length()).append(':').append(v);
      });
      d.pprof = Collections.unmodifiableList(pprof);
      d.encoded = encoded.toString();
    }
    return d;
  }

  private static Derived cached(Labels labels) {
    Access a = access;
    if (a.cache(labels) instanceof Derived d) {
      return d;
    }
    Derived d = new Derived();
    a.cache(labels, d);
    return d;
  }

  /** The labels of {@link #derived}'s encoding. */
  static List<Label> decode(String encoded) {
    List<Label> out = new ArrayList<>();
    int i = 0;
    String key = null;
    while (i < encoded.length()) {
      int colon = encoded.indexOf(':', i);
      int n = Integer.parseInt(encoded, i, colon, 10);
      String s = encoded.substring(colon + 1, colon + 1 + n);
      i = colon + 1 + n;
      if (key == null) {
        key = s;
      } else {
        out.add(Label.of(key, s));
        key = null;
      }
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * Starts emitting a {@link LabelEvent} on every change, then emits the snapshot marker of the
   * join numbered {@code join} (other joins' streams see it too: event types match by name); returns
   * every thread's labels as they were just after the marker. Changes before the marker are in the
   * snapshot, changes after it follow it in the stream.
   */
  static Map<Long, List<Label>> startEvents(long join) {
    if (EMITTERS.getAndIncrement() == 0) {
      emitting = true;
    }
    LabelEvent marker = new LabelEvent();
    marker.join = join;
    emit(marker, Labels.EMPTY, true);
    Map<Long, List<Label>> snapshot = new HashMap<>();
    byThread().forEach((id, l) -> snapshot.put(id, pprofLabels(l)));
    return snapshot;
  }

  static void stopEvents() {
    if (EMITTERS.decrementAndGet() == 0) {
      emitting = false;
    }
  }

  private static void emit(LabelEvent e, Labels labels, boolean snapshot) {
    if (e.isEnabled()) {
      e.begin();
      e.labels = labels.isEmpty() ? "" : derived(labels).encoded;
      e.snapshot = snapshot;
      e.commit();
    }
  }

  private static boolean isVirtual(Thread t) {
    if (IS_VIRTUAL == null) {
      return false;
    }
    try {
      return (boolean) IS_VIRTUAL.invokeExact(t);
    } catch (Throwable e) {
      return false;
    }
  }

  private static MethodHandle isVirtualHandle() {
    try {
      return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
    } catch (ReflectiveOperationException e) {
      return null; // JDK 17-20
    }
  }
}
