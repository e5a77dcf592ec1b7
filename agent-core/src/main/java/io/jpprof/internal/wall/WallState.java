package io.jpprof.internal.wall;

import java.lang.management.ThreadInfo;
import java.util.Set;

/**
 * What a thread was doing when sampled, the {@code state} label of the wall-clock profile, and
 * whether that was idling.
 */
enum WallState {
  /** Runnable in Java code (on a CPU, or ready to run: the JVM cannot tell). */
  RUNNING("running"),
  /** In {@code Thread.sleep}. */
  SLEEPING("sleeping"),
  /** Parked or in {@code Object.wait} (locks, conditions, queues, futures, joins). */
  WAITING("waiting"),
  /** Blocked entering a {@code synchronized} monitor. */
  BLOCKED("blocked"),
  /** Runnable in native code: blocking socket and file I/O, selectors, JNI. */
  NATIVE("native");

  final String label;

  WallState(String label) {
    this.label = label;
  }

  /**
   * Methods in which a thread waits for work rather than for the work it is doing: worker pools
   * between tasks, event loops and acceptors between connections, the JDK's reference handlers.
   */
  private static final Set<String> IDLE_METHODS = Set.of(
      "java.util.concurrent.ThreadPoolExecutor.getTask",
      "java.util.concurrent.ForkJoinPool.awaitWork",
      "java.util.concurrent.ForkJoinPool.runWorker",
      "org.jboss.threads.EnhancedQueueExecutor$ThreadBody.run",
      "sun.nio.ch.SelectorImpl.lockAndDoSelect",
      "sun.nio.ch.NioSocketImpl.accept",
      "sun.nio.ch.ServerSocketChannelImpl.accept",
      "io.netty.channel.epoll.Native.epollWait",
      "io.netty.channel.epoll.Native.epollWait0",
      "java.lang.ref.Reference.waitForReferencePendingList",
      "java.lang.ref.ReferenceQueue.remove");

  private static final Set<String> IDLE_METHOD_NAMES = Set.copyOf(
      IDLE_METHODS.stream().map(m -> m.substring(m.lastIndexOf('.') + 1)).toList());

  /** The state of a sampled thread, or null for one not running yet or already ended. */
  static WallState of(ThreadInfo info) {
    StackTraceElement[] stack = info.getStackTrace();
    switch (info.getThreadState()) {
      case RUNNABLE:
        return info.isInNative() ? NATIVE : RUNNING;
      case BLOCKED:
        return BLOCKED;
      case WAITING:
      case TIMED_WAITING:
        return sleeping(stack) ? SLEEPING : WAITING;
      default:
        return null;
    }
  }

  private static boolean sleeping(StackTraceElement[] stack) {
    for (int i = 0; i < Math.min(stack.length, 4); i++) {
      if (stack[i].getClassName().equals("java.lang.Thread") && stack[i].getMethodName().startsWith("sleep")) {
        return true;
      }
    }
    return false;
  }

  /**
   * True when an off-CPU thread is idle: walking from the leaf, it reaches one of {@link
   * #IDLE_METHODS} before any frame outside the JDK, or it has no frame outside the JDK at all (the
   * JVM's and the JDK's own service threads). A running thread is idle only without Java frames or
   * when its leaf frame is one of those methods (a VM call such as the reference handler's wait).
   */
  boolean idle(StackTraceElement[] stack) {
    if (stack.length == 0) {
      return true; // the JVM's own threads (Signal Dispatcher, Attach Listener): no Java work
    }
    if (this == RUNNING) { // in a VM call such as Reference.waitForReferencePendingList
      return idleMethod(stack[0]);
    }
    for (StackTraceElement f : stack) {
      String c = f.getClassName();
      if (idleMethod(f)) {
        return true;
      }
      if (!jdk(c)) {
        return false;
      }
    }
    return true;
  }

  private static boolean idleMethod(StackTraceElement f) {
    return IDLE_METHOD_NAMES.contains(f.getMethodName()) && IDLE_METHODS.contains(f.getClassName() + "." + f.getMethodName());
  }

  private static boolean jdk(String className) {
    return className.startsWith("java.") || className.startsWith("jdk.") || className.startsWith("sun.")
        || className.startsWith("javax.") || className.startsWith("com.sun.");
  }
}
