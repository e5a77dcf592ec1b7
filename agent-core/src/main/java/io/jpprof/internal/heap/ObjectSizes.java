package io.jpprof.internal.heap;

import java.util.HashMap;
import java.util.Map;

/**
 * Estimates the average size of an object of a class, because {@code jdk.ObjectAllocationSample}
 * carries bytes but no object count. In order of preference:
 *
 * <ol>
 *   <li>the average size in the last class histogram ({@code gc=1}), exact for live objects;
 *   <li>the mean size of the class's live old-object samples: {@code objectSize} where the JDK has
 *       it (JDK 25), else for arrays the array header plus {@code arrayElements} elements;
 *   <li>a default: {@value #DEFAULT_INSTANCE} bytes for an instance, {@value #DEFAULT_ARRAY} for an
 *       array.
 * </ol>
 *
 * Bounded to {@link #MAX_CLASSES} classes. Thread-safe.
 */
final class ObjectSizes {
  static final long DEFAULT_INSTANCE = 24;
  static final long DEFAULT_ARRAY = 64;
  static final int MAX_CLASSES = 8192;
  private static final long ARRAY_HEADER = 16;

  private final Map<String, Long> fromHistogram = new HashMap<>();
  private final Map<String, long[]> fromSamples = new HashMap<>();

  /** Learns exact averages from a histogram (replacing earlier ones). */
  synchronized void learn(ClassHistogram histogram) {
    fromHistogram.clear();
    histogram.classes().forEach((cls, e) -> {
      if (e.instances() > 0 && fromHistogram.size() < MAX_CLASSES) {
        fromHistogram.put(cls, Math.max(1, e.bytes() / e.instances()));
      }
    });
  }

  /** Learns from one live sample, when its size is known. */
  synchronized void learn(OldObjectSnapshot.Live live) {
    long size = sizeOf(live);
    if (size <= 0) {
      return;
    }
    long[] sum = fromSamples.get(live.className());
    if (sum == null) {
      if (fromSamples.size() >= MAX_CLASSES) {
        return;
      }
      sum = new long[2];
      fromSamples.put(live.className(), sum);
    }
    sum[0] += size;
    sum[1]++;
  }

  /** The estimated average size of an object of {@code cls} (a JVM descriptor such as {@code [B}). */
  synchronized long average(String cls) {
    Long h = fromHistogram.get(cls);
    if (h != null) {
      return h;
    }
    long[] s = fromSamples.get(cls);
    if (s != null && s[1] > 0) {
      return Math.max(1, s[0] / s[1]);
    }
    return cls.startsWith("[") ? DEFAULT_ARRAY : DEFAULT_INSTANCE;
  }

  /** The size of a live sample: {@code objectSize}, or an array's header plus its elements, or -1. */
  static long sizeOf(OldObjectSnapshot.Live live) {
    if (live.objectSize() > 0) {
      return live.objectSize();
    }
    String cls = live.className();
    if (live.arrayElements() >= 0 && cls.length() == 2 && cls.charAt(0) == '[') {
      long element = switch (cls.charAt(1)) {
        case 'Z', 'B' -> 1;
        case 'C', 'S' -> 2;
        case 'I', 'F' -> 4;
        default -> 8;
      };
      return align(ARRAY_HEADER + element * live.arrayElements());
    }
    if (live.arrayElements() >= 0 && cls.startsWith("[")) {
      return align(ARRAY_HEADER + 4 * live.arrayElements());
    }
    return -1;
  }

  private static long align(long n) {
    return (n + 7) & ~7L;
  }
}
