package io.jpprof.examples;

import java.util.ArrayList;
import java.util.List;

/**
 * The demo service: four debugging stories running at once, each on its own threads, until
 * {@link #close()}.
 *
 * <ul>
 *   <li>memory growth: {@link SessionCache#remember} keeps 64 KiB per request (thread {@code
 *       requests}, 10 requests/s);
 *   <li>thread leak: every tenth request starts a thread that waits forever in {@link
 *       ThreadLeak}'s {@code awaitReply} (threads {@code request-N});
 *   <li>CPU hot spot: {@link PriceEngine#quote} splits its CPU 70/30 between {@code discount} and
 *       {@code tax} (thread {@code pricing}, about half a core);
 *   <li>lock contention: three {@code order-N} threads queue on {@link Inventory#reserve}'s
 *       monitor, held 20 ms at a time;
 * </ul>
 *
 * plus a custom profile of open connections ({@link OpenConnections}).
 */
final class Stories implements AutoCloseable {
  /** The method each story's profile points at, as pprof names it. */
  static final String GROWTH = SessionCache.class.getName() + ".remember";
  static final String LEAK = ThreadLeak.class.getName() + ".awaitReply";
  static final String HOT_1 = PriceEngine.class.getName() + ".discount";
  static final String HOT_2 = PriceEngine.class.getName() + ".tax";
  static final String HOT_CALLER = PriceEngine.class.getName() + ".quote";
  static final String LOCK = Inventory.class.getName() + ".reserve";

  private final List<Thread> threads = new ArrayList<>();
  private final SessionCache cache = new SessionCache(Math.min(Runtime.getRuntime().maxMemory() / 4, 512L << 20));
  private final ThreadLeak leak = new ThreadLeak(2_000);
  private final OpenConnections pool = new OpenConnections();
  private final Inventory inventory = new Inventory();
  private volatile boolean running = true;

  private Stories() {}

  /** Starts every story. */
  static Stories start() {
    Stories s = new Stories();
    s.spawn("requests", s::requests);
    s.spawn("pricing", s::pricing);
    for (int i = 1; i <= 3; i++) {
      s.spawn("order-" + i, s::orders);
    }
    return s;
  }

  private interface Loop {
    void run() throws InterruptedException;
  }

  private void spawn(String name, Loop loop) {
    Thread t = new Thread(() -> {
      try {
        loop.run();
      } catch (InterruptedException e) {
        // closed
      }
    }, name);
    t.setDaemon(true);
    threads.add(t);
    t.start();
  }

  private void requests() throws InterruptedException {
    for (int request = 0; running; request++) {
      cache.remember(request);
      if (request % 10 == 0) {
        leak.handleRequest(request);
      }
      pool.open();
      if (request % 3 != 0 || pool.size() > 10_000) {
        pool.closeOldest();
      }
      Thread.sleep(100);
    }
  }

  private void pricing() throws InterruptedException {
    while (running) {
      PriceEngine.quote(50);
      // a jittered pause: a fixed one made each quote a fixed ~10 ms cycle, in lock step with a
      // sampler whose period is a multiple of it, so a profile saw the same phase again and again
      Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextInt(2, 9));
    }
  }

  private void orders() throws InterruptedException {
    while (running) {
      inventory.reserve(20);
    }
  }

  long cachedBytes() {
    return cache.bytes();
  }

  int leakedThreads() {
    return leak.leaked();
  }

  /** Stops every story and ends its threads, the leaked ones included. */
  @Override
  public void close() throws InterruptedException {
    running = false;
    for (Thread t : threads) {
      t.interrupt();
    }
    for (Thread t : threads) {
      t.join(5_000);
    }
    leak.close();
  }
}
