package io.jpprof.internal.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Synthetic program counters for Java code locations, stable for the life of the process.
 *
 * <p>pprof's legacy text formats carry only addresses, which pprof then resolves through {@code
 * /debug/pprof/symbol}. Each distinct location (a frame plus the frames inlined into it) gets a
 * unique address here, spaced {@value #SPACING} apart, and {@link #functionAt} maps any address
 * inside that slot back to the function. The table is bounded: past {@value #MAX_LOCATIONS}
 * locations new ones get address 0 (shown as unknown by pprof) rather than growing the heap.
 */
public final class Addresses {
  /** First synthetic address; also the start of the one mapping proto profiles declare. */
  public static final long BASE = 0x100000L;

  static final int SPACING = 0x10;
  static final int MAX_LOCATIONS = 1 << 20;

  /** End (exclusive) of the synthetic address range. */
  public static final long LIMIT = BASE + (long) MAX_LOCATIONS * SPACING;

  private static final Map<List<Frame>, Long> BY_LOCATION = new ConcurrentHashMap<>();
  private static final List<List<Frame>> BY_INDEX = new ArrayList<>();

  private Addresses() {}

  /**
   * The address of a location: frames inlined into the last one, innermost first. Returns 0 once
   * the table is full.
   */
  public static long of(List<Frame> location) {
    Long known = BY_LOCATION.get(location);
    if (known != null) {
      return known;
    }
    synchronized (BY_INDEX) {
      known = BY_LOCATION.get(location);
      if (known != null) {
        return known;
      }
      if (BY_INDEX.size() >= MAX_LOCATIONS) {
        return 0;
      }
      List<Frame> key = List.copyOf(location);
      long address = BASE + (long) BY_INDEX.size() * SPACING;
      BY_INDEX.add(key);
      BY_LOCATION.put(key, address);
      return address;
    }
  }

  /**
   * The function whose code holds {@code address} (the innermost frame of its location), as {@code
   * runtime.FuncForPC} would say, or null when the address is not one of ours.
   */
  public static String functionAt(long address) {
    if (address < BASE || address >= LIMIT) {
      return null;
    }
    int index = (int) ((address - BASE) / SPACING);
    synchronized (BY_INDEX) {
      return index < BY_INDEX.size() ? BY_INDEX.get(index).get(0).functionName() : null;
    }
  }
}
