package io.jpprof.internal.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * Single-flight profile collections: concurrent requests for the same snapshot (same path and
 * format, say {@code heap?debug=1}) share one collection, and each is sent the same bytes.
 * A request only joins a collection that has not started yet, so every answer was collected after
 * its request arrived — a point-in-time snapshot, as Go's are. Per snapshot at most one collection
 * runs; the requests that arrive meanwhile join the next one, which starts when it ends.
 *
 * <p>A waiting request holds no thread: its exchange is handed over with {@link
 * Exchange#runLater} to its {@link Flight}, which parks the continuation until the reply is there
 * and then runs it on the collection pool, to send the reply. Bounding the waiting requests is the
 * caller's job ({@link Limits#tryStartCollect}); each costs a list slot and the transport's
 * continuation here, the reply is one byte array per collection, shared.
 */
final class SharedCollections {
  private final Executor pool;
  private final Map<String, Snapshot> snapshots = new HashMap<>(); // guarded by this

  /** The collections of one key: the one running, and the next, which requests still join. */
  private static final class Snapshot {
    Flight running;
    Flight next;
  }

  SharedCollections(Executor pool) {
    this.pool = pool;
  }

  /**
   * Joins the next collection of {@code key}, starting one when none is waiting to start; {@code
   * collect} serves the reply for all who join ({@code request} gives it method, path and query).
   * The caller hands its exchange to the flight: {@code exchange.runLater(flight, () ->
   * flight.sendTo(exchange))}.
   */
  Flight join(String key, Exchange request, Consumer<Reply> collect) {
    Flight start = null;
    Flight joined;
    synchronized (this) {
      Snapshot s = snapshots.computeIfAbsent(key, k -> new Snapshot());
      if (s.next == null) {
        s.next = new Flight(key, s, new Reply(request), collect);
        if (s.running == null) {
          start = s.next;
        }
      }
      joined = s.next;
    }
    if (start != null) {
      submit(start);
    }
    return joined;
  }

  /** Distinct snapshots being collected or waited for now. */
  synchronized int keys() {
    return snapshots.size();
  }

  private void submit(Flight f) {
    try {
      pool.execute(f::collect);
    } catch (RejectedExecutionException e) {
      f.collected(Reply.error(f.reply, 503, "jpprof: the server is closing"));
    }
  }

  private void deliver(Runnable continuation) {
    try {
      pool.execute(continuation);
    } catch (RejectedExecutionException e) {
      continuation.run(); // closing: send the reply here rather than leave the client hanging
    }
  }

  /**
   * One collection and the requests that share it; the executor its requests' exchanges are handed
   * to, which parks them until the reply is there.
   */
  final class Flight implements Executor {
    private final String key;
    private final Snapshot snapshot;
    private final Reply reply;
    private final Consumer<Reply> serve;
    private List<Runnable> parked = new ArrayList<>(); // guarded by SharedCollections.this
    private Reply result; // guarded by SharedCollections.this; set once collected

    private Flight(String key, Snapshot snapshot, Reply reply, Consumer<Reply> serve) {
      this.key = key;
      this.snapshot = snapshot;
      this.reply = reply;
      this.serve = serve;
    }

    private void collect() {
      synchronized (SharedCollections.this) {
        if (snapshot.next == this) {
          snapshot.next = null; // from now on, new requests wait for the next collection
        }
        snapshot.running = this;
      }
      try {
        serve.accept(reply);
      } finally {
        collected(reply);
      }
    }

    /** Ends the flight with {@code r}: its requests are sent it, the next collection of the key starts. */
    private void collected(Reply r) {
      List<Runnable> ready;
      Flight following = null;
      synchronized (SharedCollections.this) {
        result = r;
        ready = parked;
        parked = List.of();
        if (snapshot.running == this) {
          snapshot.running = null;
        }
        if (snapshot.next == this) {
          snapshot.next = null; // never started: the pool refused it
        }
        if (snapshot.next != null) {
          following = snapshot.next;
        } else if (snapshot.running == null) {
          snapshots.remove(key);
        }
        SharedCollections.this.notifyAll();
      }
      if (following != null) {
        submit(following);
      }
      ready.forEach(SharedCollections.this::deliver);
    }

    /** Parks {@code continuation} until the reply is there, then runs it on the pool. */
    @Override
    public void execute(Runnable continuation) {
      synchronized (SharedCollections.this) {
        if (result == null) {
          parked.add(continuation);
          return;
        }
      }
      deliver(continuation);
    }

    /**
     * Sends the shared reply to {@code exchange}; waits for it if it is not there yet (a transport
     * that ran the continuation at once).
     */
    void sendTo(Exchange exchange) {
      Reply r;
      try {
        synchronized (SharedCollections.this) {
          while (result == null) {
            SharedCollections.this.wait();
          }
          r = result;
        }
        r.sendTo(exchange);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        exchange.abort();
      }
    }
  }
}
