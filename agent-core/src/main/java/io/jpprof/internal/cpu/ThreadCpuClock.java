package io.jpprof.internal.cpu;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time of every Java thread and of the whole process at one moment, so a profile can say how
 * much CPU each thread used in its window, exactly, whatever the sampler saw.
 */
final class ThreadCpuClock {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** One reading: nanoseconds of CPU per thread id, and for the process. */
  record Reading(Map<Long, Long> threads, long process) {}

  private ThreadCpuClock() {}

  /** True when this JVM measures per-thread CPU time. */
  static boolean supported() {
    return THREADS.isThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled();
  }

  static Reading read() {
    Map<Long, Long> cpu = new HashMap<>();
    if (supported()) {
      long[] ids = THREADS.getAllThreadIds();
      long[] times = bulk(ids);
      for (int i = 0; i < ids.length; i++) {
        if (times[i] >= 0) {
          cpu.put(ids[i], times[i]);
        }
      }
    }
    return new Reading(cpu, processCpu());
  }

  /** CPU nanoseconds of the given threads that are still alive. */
  static Map<Long, Long> read(java.util.Collection<Long> ids) {
    long[] array = ids.stream().mapToLong(Long::longValue).toArray();
    long[] times = bulk(array);
    Map<Long, Long> cpu = new HashMap<>();
    for (int i = 0; i < array.length; i++) {
      if (times[i] >= 0) {
        cpu.put(array[i], times[i]);
      }
    }
    return cpu;
  }

  private static long[] bulk(long[] ids) {
    if (THREADS instanceof com.sun.management.ThreadMXBean sun) {
      return sun.getThreadCpuTime(ids);
    }
    long[] times = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      times[i] = THREADS.getThreadCpuTime(ids[i]);
    }
    return times;
  }

  /** The process's CPU time in nanoseconds, or -1 when the platform does not say. */
  static long processCpu() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }
}
