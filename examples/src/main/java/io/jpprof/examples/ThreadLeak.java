package io.jpprof.examples;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Story 2, "memory leaks, but heap shows nothing useful": each request starts a worker thread that
 * waits for a reply nobody will ever send, so threads, and everything their stacks reach, pile up.
 * {@code goroutine?debug=1} groups them by stack; {@code go tool pprof -base} of two goroutine
 * profiles shows how many leaked in between, on {@link #awaitReply}.
 */
final class ThreadLeak implements AutoCloseable {
  private final int maxLeaked;
  private final java.util.List<Thread> workers = new java.util.ArrayList<>();
  private int leaked;

  ThreadLeak(int maxLeaked) {
    this.maxLeaked = maxLeaked;
  }

  /** Handles one request: starts a worker that never finishes (up to the demo's bound). */
  synchronized void handleRequest(int id) {
    if (leaked >= maxLeaked) {
      return;
    }
    leaked++;
    CompletableFuture<String> reply = new CompletableFuture<>(); // nobody completes it: the bug
    Thread worker = new Thread(() -> awaitReply(reply), "request-" + id);
    worker.setDaemon(true);
    worker.start();
    synchronized (workers) {
      workers.add(worker);
    }
  }

  /** Ends the leaked workers (the demo's own clean-up; the "service" never does this). */
  @Override
  public void close() {
    synchronized (workers) {
      workers.forEach(Thread::interrupt);
      workers.clear();
    }
  }

  synchronized int leaked() {
    return leaked;
  }

  private static void awaitReply(CompletableFuture<String> reply) {
    try {
      reply.get(); // blocks forever
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }
}
