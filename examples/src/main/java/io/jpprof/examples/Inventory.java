package io.jpprof.examples;

/**
 * Story 5, "lock contention": every order reserves stock under one shared monitor and does slow
 * work while holding it, so the other order threads queue on {@link #reserve}. The {@code mutex}
 * profile shows where they wait and for how long; {@code block} shows the same waits.
 */
final class Inventory {
  private final Object lock = new Object();
  private int reserved;

  /** Reserves one item, holding the lock for {@code holdMillis} (the slow part: a remote check). */
  void reserve(long holdMillis) throws InterruptedException {
    synchronized (lock) { // the contended monitor
      Thread.sleep(holdMillis);
      reserved++;
    }
  }

  int reserved() {
    synchronized (lock) {
      return reserved;
    }
  }
}
