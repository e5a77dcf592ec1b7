package io.jpprof.internal.heap;

import io.jpprof.internal.jfr.JfrStacks;
import io.jpprof.internal.jfr.JvmShutdown;
import io.jpprof.internal.profile.Stack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedObject;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reads the JVM's old-object sample set: the sampled objects that are still alive and survived the
 * last GC, each with the stack that allocated it. The JVM emits them only when a recording that
 * has {@code jdk.OldObjectSample} enabled stops (the event is emitted at the recording's end), so a snapshot is a short
 * {@link Recording} started, stopped and read back from a temporary file (deleted at once); it
 * costs a few milliseconds. The samples exist only while the always-on stream keeps the event
 * enabled, from the time it started.
 */
final class OldObjectSnapshot {
  /** The JFR event. */
  static final String EVENT = "jdk.OldObjectSample";

  /** Settings: allocation stacks, no path to GC roots (that would be a 60+ ms safepoint). */
  static final Map<String, String> SETTINGS = Map.of("stackTrace", "true", "cutoff", "0 ns");

  /**
   * One live sampled object: its allocation stack and class, its size where the JDK says ({@code
   * objectSize}, JDK 22+) or its array length, the allocating thread ({@code -1} when unknown),
   * when it was allocated (epoch nanoseconds) and the same as the JVM's raw ticks: the ticks, not
   * the converted time (which differs by a few nanoseconds from one recording to the next),
   * identify the sample between snapshots.
   */
  record Live(Stack stack, String className, long objectSize, long arrayElements, long threadId,
      long allocatedNanos, long allocationTicks) {
    Live(Stack stack, String className, long objectSize, long arrayElements) {
      this(stack, className, objectSize, arrayElements, -1, 0, 0);
    }
  }

  private OldObjectSnapshot() {}

  /** The live samples now; empty before the first GC. */
  static List<Live> take(JfrStacks stacks) throws IOException {
    return read(dump(), stacks);
  }

  /** Has the JVM emit its live samples into a new temporary file (a few ms); {@link #read} deletes it. */
  static Path dump() throws IOException {
    if (JvmShutdown.inProgress()) {
      throw new IOException("the JVM is exiting: no heap snapshot");
    }
    Path file = Files.createTempFile("jpprof-heap", ".jfr");
    try (Recording r = new Recording()) {
      r.setName("jpprof heap snapshot");
      r.enable(EVENT).withStackTrace().with("cutoff", "0 ns");
      r.setToDisk(true);
      r.start();
      r.stop();
      r.dump(file);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(file);
      throw e;
    }
    return file;
  }

  /** Whether the trace's top frame is {@link LiveRefresh#plant}. */
  private static boolean planted(RecordedStackTrace trace) {
    if (trace == null || trace.getFrames().isEmpty()) {
      return false;
    }
    RecordedMethod m = trace.getFrames().get(0).getMethod();
    return m != null && LiveRefresh.PLANT_METHOD.equals(m.getName())
        && LiveRefresh.class.getName().equals(m.getType().getName());
  }

  /** Reads and deletes a file written by {@link #dump}. */
  static List<Live> read(Path file, JfrStacks stacks) throws IOException {
    try {
      List<Live> out = new ArrayList<>();
      Map<RecordedStackTrace, Stack> converted = new IdentityHashMap<>();
      try (RecordingFile in = new RecordingFile(file)) {
        while (in.hasMoreEvents()) {
          RecordedEvent e = in.readEvent();
          if (!EVENT.equals(e.getEventType().getName())) {
            continue;
          }
          if (planted(e.getStackTrace())) {
            continue; // jpprof's own short-lived array (LiveRefresh.plant), alive only until the next collection
          }
          RecordedObject object = e.getValue("object");
          RecordedClass type = object == null ? null : object.getValue("type");
          String cls = type == null ? "?" : type.getName();
          long size = e.hasField("objectSize") ? e.getLong("objectSize") : -1;
          long elements = e.hasField("arrayElements") ? e.getInt("arrayElements") : -1;
          RecordedThread thread = e.getThread();
          // samples of one site share the parser's stack object: convert each once
          Stack stack = OwnAllocations.isOwn(thread, e.getStackTrace()) ? OwnAllocations.STACK
              : converted.computeIfAbsent(e.getStackTrace(), trace -> {
                synchronized (stacks) {
                  return stacks.of(trace);
                }
              });
          Instant allocated = e.hasField("allocationTime") ? e.getInstant("allocationTime") : e.getStartTime();
          out.add(new Live(stack, cls, size, elements, thread == null ? -1 : thread.getJavaThreadId(),
              allocated.getEpochSecond() * 1_000_000_000L + allocated.getNano(),
              e.hasField("allocationTime") ? e.getLong("allocationTime") : 0));
        }
      }
      return out;
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
