package io.jpprof.internal.contention;

import java.util.Set;

/**
 * How a recorded wait is classified, so that {@code mutex} and {@code block} mean what a Go user
 * expects (in Go, mutex waits are also block events):
 *
 * <ul>
 *   <li>{@code jdk.JavaMonitorEnter} (a contended {@code synchronized}) is lock contention: mutex and
 *       block;
 *   <li>{@code jdk.ThreadPark} whose blocker is a lock's synchronizer ({@code ReentrantLock},
 *       {@code ReentrantReadWriteLock}, {@code StampedLock}) is lock contention: mutex and block;
 *   <li>every other park (queues, futures, latches, semaphores, conditions, plain {@code
 *       LockSupport.park}) and {@code jdk.JavaMonitorWait} ({@code Object.wait}) are blocking, not
 *       contention: block only.
 * </ul>
 */
enum WaitKind {
  LOCK,
  BLOCKING;

  static final String MONITOR_ENTER = "jdk.JavaMonitorEnter";
  static final String MONITOR_WAIT = "jdk.JavaMonitorWait";
  static final String THREAD_PARK = "jdk.ThreadPark";

  /** The synchronizers of {@code java.util.concurrent.locks} that implement locks. */
  private static final Set<String> LOCK_SYNCHRONIZERS = Set.of(
      "java.util.concurrent.locks.ReentrantLock$Sync",
      "java.util.concurrent.locks.ReentrantLock$NonfairSync",
      "java.util.concurrent.locks.ReentrantLock$FairSync",
      "java.util.concurrent.locks.ReentrantReadWriteLock$Sync",
      "java.util.concurrent.locks.ReentrantReadWriteLock$NonfairSync",
      "java.util.concurrent.locks.ReentrantReadWriteLock$FairSync",
      "java.util.concurrent.locks.StampedLock");

  /** The kind of a wait given its event and, for parks, the blocker's class (may be null). */
  static WaitKind of(String event, String parkedClass) {
    if (event.equals(MONITOR_ENTER)) {
      return LOCK;
    }
    if (event.equals(THREAD_PARK) && parkedClass != null && LOCK_SYNCHRONIZERS.contains(parkedClass)) {
      return LOCK;
    }
    return BLOCKING;
  }
}
