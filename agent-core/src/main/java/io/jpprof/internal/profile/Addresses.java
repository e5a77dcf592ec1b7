package io.jpprof.internal.profile;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Synthetic program counters for Java code locations: never 0, and never the same for two
 * locations in the life of the process.
 *
 * <p>pprof's legacy text formats carry only addresses, which pprof then resolves through {@code
 * /debug/pprof/symbol}, and scrapers such as Grafana Alloy match the samples of successive scrapes
 * by address and labels. Each new location (a frame plus the frames inlined into it) gets the next
 * free address, spaced {@value #SPACING} apart from {@link #BASE}; addresses are never handed out
 * twice (2^58 of them: one new location a nanosecond would take nine years), so two locations can
 * never merge. {@link #functionAt} maps any address inside a slot back to its function.
 *
 * <p>Bounded: the {@value #MAX_LOCATIONS} most recently used locations are remembered (136 bytes
 * each beside the frames, which the profiles share: measured with 2^20 one-frame locations, so at
 * most about 140 MB in a process that ever has that many; a large service has 10^4 to 10^5). A location forgotten and seen again gets a new address: a scraper then sees a new
 * stack, never someone else's. Every location of a profile is used each time it is written, so
 * the locations a scraper sees stay remembered.
 */
public final class Addresses {
  /** First synthetic address; also the start of the one mapping proto profiles declare. */
  public static final long BASE = 0x100000L;

  static final int SPACING = 0x10;
  static final int MAX_LOCATIONS = 1 << 20;

  /** End (exclusive) of the synthetic address range. */
  public static final long LIMIT = 1L << 62;

  private static final Addresses PROCESS = new Addresses(MAX_LOCATIONS);

  private final Map<List<Frame>, Long> byLocation;
  private final Map<Long, List<Frame>> byAddress = new HashMap<>();
  private long next = BASE;

  /** A table remembering at most {@code capacity} locations. */
  Addresses(int capacity) {
    this.byLocation = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<List<Frame>, Long> eldest) {
        if (size() <= capacity) {
          return false;
        }
        byAddress.remove(eldest.getValue());
        return true;
      }
    };
  }

  /** The address of a location: frames inlined into the last one, innermost first. */
  public static long of(List<Frame> location) {
    return PROCESS.address(location);
  }

  /**
   * The function whose code holds {@code address} (the innermost frame of its location), as {@code
   * runtime.FuncForPC} would say, or null when the address is not one of ours (or forgotten).
   */
  public static String functionAt(long address) {
    return PROCESS.function(address);
  }

  synchronized long address(List<Frame> location) {
    Long known = byLocation.get(location);
    if (known != null) {
      return known;
    }
    List<Frame> key = List.copyOf(location);
    long address = next;
    next += SPACING;
    byLocation.put(key, address);
    byAddress.put(address, key);
    return address;
  }

  synchronized String function(long address) {
    if (address < BASE || address >= LIMIT) {
      return null;
    }
    List<Frame> location = byAddress.get(address - (address - BASE) % SPACING);
    return location == null ? null : location.get(0).functionName();
  }
}
