package io.jpprof.internal.threads;

import io.jpprof.internal.profile.Frame;
import io.jpprof.internal.profile.Stack;
import java.io.BufferedReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.PlatformManagedObject;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Virtual threads, from the JDK's JSON thread dump ({@code HotSpotDiagnosticMXBean.dumpThreads},
 * JDK 21+); {@code ThreadMXBean} does not see them.
 *
 * <p>Policy, chosen because that dump costs about 20 µs and 20 KB of garbage per thread (2 s and 2 GB
 * for 100,000 virtual threads) and is not a consistent snapshot:
 *
 * <ul>
 *   <li>on by default where the JDK has the dump; off with {@code -Djpprof.virtualThreads=false};
 *   <li>skipped at no cost while the JVM has never started a virtual thread: on JDK 24+ the JDK
 *       starts its {@code VirtualThread-unblocker} thread when the first virtual thread is created,
 *       so its absence from the platform-thread dump proves there are none (JDK 21–23 have no such
 *       sign, so there the dump is always taken);
 *   <li>one dump at a time in the process: concurrent requests wait for the running one;
 *   <li>the file is read as a stream (one thread in memory at a time) and deleted at once;
 *   <li>at most {@code -Djpprof.virtualThreads.max} (default 100,000) virtual threads are kept with
 *       their stacks; the rest are counted and reported as such in every output form.
 * </ul>
 *
 * Whatever is left out, the output says so (see {@link #note()}).
 */
public final class VirtualThreadDump {
  private static final Logger log = LoggerFactory.getLogger(VirtualThreadDump.class);
  private static final Object ONE_AT_A_TIME = new Object();

  /** The outcome of one dump: the kept threads, how many more there were, and what to say. */
  public record Result(List<ThreadRecord> threads, long omitted, String note) {}

  private final boolean enabled;
  private final int max;

  VirtualThreadDump(boolean enabled, int max) {
    this.enabled = enabled;
    this.max = max;
  }

  /** The policy from system properties. */
  static VirtualThreadDump fromSystemProperties() {
    boolean enabled = !"false".equalsIgnoreCase(System.getProperty("jpprof.virtualThreads", "true"));
    int max = Integer.getInteger("jpprof.virtualThreads.max", 100_000);
    return new VirtualThreadDump(enabled, max);
  }

  /** True when this JDK can list virtual threads at all (21+). */
  static boolean supported() {
    return Runtime.version().feature() >= 21 && dumpMethod() != null;
  }

  /** The platform thread the JDK (24+) starts with the first virtual thread. */
  static final String UNBLOCKER_THREAD = "VirtualThread-unblocker";

  /**
   * Dumps the virtual threads. {@code platformIds} are the ids of the platform threads already
   * dumped, used to tell virtual threads apart on JDKs whose JSON has no {@code virtual} flag;
   * {@code unblockerSeen} says whether {@link #UNBLOCKER_THREAD} was among them.
   */
  Result dump(Set<Long> platformIds, boolean unblockerSeen) {
    if (!supported() || (Runtime.version().feature() >= 24 && !unblockerSeen)) {
      return new Result(List.of(), 0, null);
    }
    if (!enabled) {
      return new Result(List.of(), 0, "virtual threads not dumped (-Djpprof.virtualThreads=false)");
    }
    synchronized (ONE_AT_A_TIME) {
      Path dir = null;
      try {
        dir = Files.createTempDirectory("jpprof-threads");
        Path file = dir.resolve("threads.json");
        dumpTo(file);
        return read(file, platformIds);
      } catch (Exception e) {
        log.warn("virtual thread dump failed", e);
        return new Result(List.of(), 0, "virtual threads not dumped: " + e);
      } finally {
        deleteQuietly(dir);
      }
    }
  }

  private Result read(Path file, Set<Long> platformIds) throws IOException {
    List<ThreadRecord> kept = new ArrayList<>();
    long[] omitted = {0};
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      new JsonReader(
              in,
              m -> m.containsKey("tid") && m.containsKey("stack"),
              m -> {
                long id = Long.parseLong(String.valueOf(m.get("tid")));
                boolean virtual =
                    m.containsKey("virtual") ? Boolean.TRUE.equals(m.get("virtual")) : !platformIds.contains(id);
                if (!virtual) {
                  return;
                }
                if (kept.size() >= max) {
                  omitted[0]++;
                  return;
                }
                kept.add(toRecord(id, m));
              })
          .read();
    }
    String note = omitted[0] == 0 ? null
        : omitted[0] + " more virtual threads not shown (-Djpprof.virtualThreads.max=" + max + ")";
    return new Result(kept, omitted[0], note);
  }

  private static ThreadRecord toRecord(long id, Map<String, Object> m) {
    List<Frame> frames = new ArrayList<>();
    if (m.get("stack") instanceof List<?> stack) {
      for (Object line : stack) {
        frames.add(parseFrame(String.valueOf(line)));
      }
    }
    Object state = m.get("state");
    Object waitingOn = m.containsKey("parkBlocker") ? m.get("parkBlocker")
        : m.containsKey("blockedOn") ? m.get("blockedOn") : m.get("waitingOn");
    return new ThreadRecord(
        id,
        String.valueOf(m.getOrDefault("name", "")),
        state == null ? "UNKNOWN" : state.toString(),
        true,
        Thread.NORM_PRIORITY,
        true,
        Stack.of(frames),
        null,
        waitingOn == null ? null : waitingOn.toString());
  }

  /**
   * Parses one {@link StackTraceElement#toString()} line such as {@code
   * java.base/java.lang.Thread.run(Thread.java:1474)} or {@code Foo.bar(Native Method)}.
   */
  static Frame parseFrame(String s) {
    int open = s.lastIndexOf('(');
    String where = open < 0 ? s : s.substring(0, open);
    where = where.substring(prefixEnd(where));
    int dot = where.lastIndexOf('.');
    String className = dot < 0 ? "" : where.substring(0, dot);
    String method = where.substring(dot + 1);
    String file = null;
    int line = 0;
    if (open >= 0 && s.endsWith(")")) {
      String inside = s.substring(open + 1, s.length() - 1);
      int colon = inside.lastIndexOf(':');
      if (colon > 0) {
        file = inside.substring(0, colon);
        try {
          line = Integer.parseInt(inside.substring(colon + 1));
        } catch (NumberFormatException e) {
          line = 0;
        }
      } else if (!inside.equals("Native Method") && !inside.equals("Unknown Source")) {
        file = inside;
      }
    }
    return Frame.of(className, method, file, line);
  }

  /**
   * Where the class name starts after the optional {@code loader/} and {@code module@version/}
   * prefixes: after the last {@code /} that is not the {@code /0x…} of a hidden class's name.
   */
  private static int prefixEnd(String where) {
    for (int slash = where.lastIndexOf('/'); slash >= 0; slash = where.lastIndexOf('/', slash - 1)) {
      if (!where.startsWith("0x", slash + 1)) {
        return slash + 1;
      }
    }
    return 0;
  }

  private static void dumpTo(Path file) throws Exception {
    Method m = dumpMethod();
    Class<?> format = Class.forName("com.sun.management.HotSpotDiagnosticMXBean$ThreadDumpFormat");
    @SuppressWarnings({"unchecked", "rawtypes"})
    Object json = Enum.valueOf((Class) format, "JSON");
    Object bean = ManagementFactory.getPlatformMXBean(hotSpotDiagnostic());
    m.invoke(bean, file.toAbsolutePath().toString(), json);
  }

  @SuppressWarnings("unchecked")
  private static Class<? extends PlatformManagedObject> hotSpotDiagnostic() throws ClassNotFoundException {
    return (Class<? extends PlatformManagedObject>)
        Class.forName("com.sun.management.HotSpotDiagnosticMXBean");
  }

  private static Method dumpMethod() {
    try {
      Class<?> format = Class.forName("com.sun.management.HotSpotDiagnosticMXBean$ThreadDumpFormat");
      return hotSpotDiagnostic().getMethod("dumpThreads", String.class, format);
    } catch (ReflectiveOperationException | LinkageError e) {
      return null;
    }
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try {
      Files.deleteIfExists(dir.resolve("threads.json"));
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      log.warn("could not delete {}", dir, e);
    }
  }
}
