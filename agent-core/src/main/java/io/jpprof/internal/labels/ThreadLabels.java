package io.jpprof.internal.labels;

import io.jpprof.internal.agentlink.AgentLink;
import io.jpprof.internal.profile.Label;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
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
 * set of every holder, so the goroutine and wall-clock profiles can read every thread's labels: a
 * platform thread's holder joins it once (dead threads are swept when the set has doubled), a
 * virtual thread's while it has labels.
 *
 * <p>While a CPU profile runs, every change is also a JFR event ({@link LabelEvent}) in that
 * profile's stream, so {@link LabelJoin} can tell which labels a thread had at a sample's tick.
 *
 * <p>When the JVM runs jpprof's agent and this is the application's own copy, every change is
 * also handed to the agent's copy ({@link AgentLink}), which serves the agent's profiles.
 *
 * <p>A record because the JIT trusts a record's final fields: with the registry a constant ({@link
 * LabelScopes#THREADS}) it folds them as it would static ones, so entering and leaving a scope
 * reads none of them. Its components are its state, for this package only.
 *
 * @param agent the agent's copy to mirror every change into, or null
 * @param holders each thread's holder
 * @param live the holders of threads that may have labels
 * @param sweepAt the size of {@code live} at which dead threads' holders are swept
 * @param emitters how many label joins want events: while any does, each change is a JFR event
 */
public record ThreadLabels(AgentLink agent, ThreadLocal<Holder> holders, Set<Holder> live, AtomicInteger sweepAt,
    AtomicInteger emitters) {
  /** One thread's labels. */
  static final class Holder {
    final Thread thread = Thread.currentThread();
    @SuppressWarnings("deprecation") // Thread.threadId() is 19+
    final long id = thread.getId();
    final boolean virtual = isVirtual(thread);
    volatile LabelSet labels = LabelSet.EMPTY;
    boolean registered; // only the owning thread reads and writes it
    LabelEvent event; // reused: begin() and end() restart its clock, so a change costs no allocation
  }

  private static final VarHandle LABELS;
  private static final MethodHandle IS_VIRTUAL = isVirtualHandle();
  private static final int MIN_SWEEP = 256;

  static {
    try {
      LABELS = MethodHandles.lookup().findVarHandle(Holder.class, "labels", LabelSet.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Every thread's labels, mirrored into {@code agent} unless it is null. */
  public ThreadLabels(AgentLink agent) {
    this(agent, ThreadLocal.withInitial(Holder::new), ConcurrentHashMap.newKeySet(), new AtomicInteger(MIN_SWEEP),
        new AtomicInteger());
  }

  /** The calling thread's labels. */
  public LabelSet current() {
    return holders.get().labels;
  }

  /** Adds {@code add} to the calling thread's labels (its values win); returns the labels before. */
  public LabelSet enter(LabelSet add) {
    Holder h = holders.get();
    LabelSet before = h.labels;
    LabelSet after = before.with(add);
    if (after != before) {
      set(h, after);
    }
    return before;
  }

  /** Gives the calling thread back the labels {@link #enter} returned, or exactly {@code labels}. */
  public void exit(LabelSet before) {
    Holder h = holders.get();
    if (h.labels != before) {
      set(h, before);
    }
  }

  private void set(Holder h, LabelSet labels) {
    LABELS.setRelease(h, labels); // readers are other threads' profiles, which may see it late
    if (h.virtual) {
      if (labels.isEmpty()) {
        live.remove(h);
        h.registered = false;
      } else if (!h.registered) {
        live.add(h);
        h.registered = true;
      }
    } else if (!h.registered) {
      register(h);
    }
    if (emitters.get() != 0) {
      LabelEvent e = h.event;
      if (e == null) {
        e = new LabelEvent();
        h.event = e;
      }
      emit(e, labels, false);
    }
    if (agent != null) {
      agent.setLabels(agentLabels(labels));
    }
  }

  private Object agentLabels(LabelSet labels) {
    Object a = labels.agent();
    if (a == null) {
      a = agent.labels(labels.keyValues());
      labels.agent(a);
    }
    return a;
  }

  private void register(Holder h) {
    h.registered = true;
    live.add(h);
    int size = live.size();
    int at = sweepAt.get();
    if (size > at && sweepAt.compareAndSet(at, Integer.MAX_VALUE)) {
      live.removeIf(x -> !x.thread.isAlive());
      sweepAt.set(Math.max(MIN_SWEEP, 2 * live.size()));
    }
  }

  /** The labels of every live thread that has some, by thread id. */
  public Map<Long, LabelSet> byThread() {
    Map<Long, LabelSet> out = new HashMap<>();
    for (Holder h : live) {
      LabelSet l = h.labels;
      if (!l.isEmpty() && h.thread.isAlive()) {
        out.put(h.id, l);
      }
    }
    return out;
  }

  /** Starts emitting a {@link LabelEvent} on every change, for one more label join. */
  void startEvents() {
    emitters.incrementAndGet();
  }

  /**
   * Emits the snapshot marker {@code open}, reads every thread's labels, then emits the marker
   * {@code close}; returns what it read. Every stream that enables the event's name receives the
   * markers (event types match by name). With events started, a thread that changed between the
   * markers has its changes between them in the stream, and one that did not had the labels read
   * all along.
   */
  Map<Long, List<Label>> mark(long open, long close) {
    LabelEvent marker = new LabelEvent();
    marker.join = open;
    emit(marker, LabelSet.EMPTY, true);
    Map<Long, List<Label>> snapshot = new HashMap<>();
    byThread().forEach((id, l) -> snapshot.put(id, l.pprofLabels()));
    marker.join = close; // emit() restarts the event's clock
    emit(marker, LabelSet.EMPTY, true);
    return snapshot;
  }

  void stopEvents() {
    emitters.decrementAndGet();
  }

  private static void emit(LabelEvent e, LabelSet labels, boolean snapshot) {
    if (e.isEnabled()) {
      e.begin();
      e.labels = labels.encoded();
      e.snapshot = snapshot;
      // a reused event keeps its first duration unless end() sets it again, and an ordered stream
      // sorts by end time: a stale end put a sample taken just after the change before it
      e.end();
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

  /** The registry itself, not its threads' labels (a record would print them all). */
  @Override
  public String toString() {
    return "ThreadLabels(" + live.size() + " threads)";
  }
}
