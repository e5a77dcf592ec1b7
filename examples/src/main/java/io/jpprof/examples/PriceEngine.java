package io.jpprof.examples;

/**
 * Story 3, "CPU is high": a quote spends its time in two methods, about 70 % in {@link #discount}
 * and 30 % in {@link #tax}. {@code top} shows the split (flat), the caller {@link #quote} holds
 * the whole (cum); the flame graph shows both under it. Each method does its own loop (no shared
 * helper), so the CPU is spent in the method itself.
 */
final class PriceEngine {
  private static volatile long sink;

  private PriceEngine() {}

  /** Prices one basket: about {@code units} × 0.1 ms of CPU. */
  static long quote(int units) {
    long price = sink | 1;
    price = discount(price, 7 * units);
    price = tax(price, 3 * units);
    sink = price;
    return price;
  }

  static long discount(long price, int units) {
    long x = price;
    for (long i = 0; i < units * 10_000L; i++) {
      x = x * 6364136223846793005L + 1442695040888963407L;
    }
    return x;
  }

  static long tax(long price, int units) {
    long x = price;
    for (long i = 0; i < units * 10_000L; i++) {
      x = x * 2862933555777941757L + 3037000493L;
    }
    return x;
  }
}
