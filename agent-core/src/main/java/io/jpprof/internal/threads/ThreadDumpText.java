package io.jpprof.internal.threads;

import io.jpprof.internal.profile.Frame;
import java.io.IOException;
import java.io.Writer;
import java.lang.management.LockInfo;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * {@code goroutine?debug=2}: every thread in the form of the JVM's own thread dump ({@code jstack},
 * {@code Thread.print}), the Java engineer's equivalent of Go's panic dump. Threads are separated
 * by a blank line; each shows name, id, daemon flag, priority, state and, when a previous dump saw
 * it in the same state at the same stack, for how long at least; then its frames with the monitors
 * it waits for or holds, then its locked ownable synchronizers.
 */
final class ThreadDumpText {
  private ThreadDumpText() {}

  static void write(ThreadSnapshot snapshot, Writer w) throws IOException {
    StringBuilder out = new StringBuilder(4096);
    out.append("Full thread dump ")
        .append(System.getProperty("java.vm.name"))
        .append(" (")
        .append(System.getProperty("java.vm.version"))
        .append("), ")
        .append(snapshot.total())
        .append(" threads, at ")
        .append(Instant.ofEpochSecond(0, snapshot.timeNanos()))
        .append(":\n");
    for (String note : snapshot.notes()) {
      out.append("# ").append(note).append('\n');
    }
    for (ThreadRecord t : snapshot.threads()) {
      out.append('\n');
      thread(out, t, snapshot.inStateNanos().get(t.id()));
      w.append(out);
      out.setLength(0);
    }
    if (snapshot.omittedVirtual() > 0) {
      out.append("\n# ")
          .append(snapshot.omittedVirtual())
          .append(" more virtual threads not shown\n");
    }
    w.append(out);
  }

  private static void thread(StringBuilder out, ThreadRecord t, Long inStateNanos) {
    out.append('"').append(t.name()).append("\" #").append(t.id());
    if (t.virtual()) {
      out.append(" virtual");
    } else {
      if (t.daemon()) {
        out.append(" daemon");
      }
      out.append(" prio=").append(t.priority());
    }
    out.append('\n');
    out.append("   java.lang.Thread.State: ").append(t.state());
    String why = reason(t);
    if (why != null) {
      out.append(" (").append(why).append(')');
    }
    if (inStateNanos != null) {
      out.append(", for at least ").append(duration(inStateNanos));
    }
    out.append('\n');
    ThreadInfo info = t.info();
    List<Frame> frames = t.stack().frames();
    for (int depth = 0; depth < frames.size(); depth++) {
      Frame f = frames.get(depth);
      out.append("\tat ");
      if (!f.className().isEmpty()) {
        out.append(f.className()).append('.');
      }
      out.append(f.methodName()).append('(');
      if (f.sourceFile() == null) {
        out.append(f.line() == 0 ? "Unknown Source" : "line " + f.line());
      } else {
        out.append(f.sourceFile());
        if (f.line() > 0) {
          out.append(':').append(f.line());
        }
      }
      out.append(")\n");
      if (depth == 0) {
        waitingLine(out, t);
      }
      if (info != null) {
        for (MonitorInfo m : info.getLockedMonitors()) {
          if (m.getLockedStackDepth() == depth) {
            out.append("\t- locked ").append(lock(m)).append('\n');
          }
        }
      }
    }
    if (info != null && info.getLockedSynchronizers().length > 0) {
      out.append("\n   Locked ownable synchronizers:\n");
      for (LockInfo l : info.getLockedSynchronizers()) {
        out.append("\t- ").append(lock(l)).append('\n');
      }
    }
  }

  private static void waitingLine(StringBuilder out, ThreadRecord t) {
    ThreadInfo info = t.info();
    if (info == null) {
      if (t.waitingOn() != null) {
        out.append("\t- waiting on ").append(t.waitingOn()).append('\n');
      }
      return;
    }
    LockInfo lock = info.getLockInfo();
    if (lock == null) {
      return;
    }
    String verb =
        switch (info.getThreadState()) {
          case BLOCKED -> "waiting to lock ";
          case WAITING, TIMED_WAITING -> "parking".equals(reason(t)) ? "parking to wait for  " : "waiting on ";
          default -> "waiting on ";
        };
    out.append("\t- ").append(verb).append(lock(lock));
    if (info.getLockOwnerName() != null) {
      out.append(" owned by \"").append(info.getLockOwnerName()).append("\" #").append(info.getLockOwnerId());
    }
    out.append('\n');
  }

  /** Why a thread waits, inferred from its top frame as jstack does from the VM's status. */
  private static String reason(ThreadRecord t) {
    if (t.state().equals("BLOCKED")) {
      return "on object monitor";
    }
    if (!t.state().endsWith("WAITING") || t.stack().isEmpty()) {
      return null;
    }
    String top = t.stack().frames().get(0).functionName();
    if (top.endsWith(".park") || top.contains("parkVirtualThread")) {
      return "parking";
    }
    if (top.startsWith("java.lang.Thread.sleep") || top.equals("java.lang.VirtualThread.sleepNanos")) {
      return "sleeping";
    }
    if (top.startsWith("java.lang.Object.wait")) {
      return "on object monitor";
    }
    return null;
  }

  private static String lock(LockInfo l) {
    return String.format(Locale.ROOT, "<0x%08x> (a %s)", l.getIdentityHashCode(), l.getClassName());
  }

  static String duration(long nanos) {
    long seconds = nanos / 1_000_000_000L;
    if (seconds >= 60) {
      long minutes = seconds / 60;
      return minutes + (minutes == 1 ? " minute" : " minutes");
    }
    return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
  }
}
