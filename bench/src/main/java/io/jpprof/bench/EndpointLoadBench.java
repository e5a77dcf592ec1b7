package io.jpprof.bench;

import io.jpprof.fixtures.EndpointLoad;
import io.jpprof.http.Pprof;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Locale;

/**
 * A long load run: {@code clients} clients (default 100) for {@code seconds} (60)
 * over every endpoint, 3% long requests, against a standalone server in this JVM, {@code rounds}
 * times (1); prints requests/s, unexpected statuses, connection errors, the index page's p50/p99
 * and the heap after GC before and after each round (so a longer run shows whether it levels off).
 *
 * <p>The heap is read once the round's last requests ended: the least of several readings, each
 * after {@code System.gc()}, since a GC also triggers jpprof's own short-lived work (the
 * old-object refresh), which a single reading may catch in flight.
 *
 * <pre>
 * mvn -q -ntp -pl bench -am package -DskipTests
 * java -cp 'bench/target/jpprof-bench.jar:bench/target/lib/*' io.jpprof.bench.EndpointLoadBench 100 60
 * java -cp 'bench/target/jpprof-bench.jar:bench/target/lib/*' io.jpprof.bench.EndpointLoadBench 100 60 3
 * </pre>
 */
public final class EndpointLoadBench {
  private EndpointLoadBench() {}

  public static void main(String[] args) throws Exception {
    int clients = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    try (Pprof.Server s = Pprof.start(0)) {
      long before = usedAfterGc();
      for (int round = 1; round <= rounds; round++) {
        EndpointLoad.Result r = EndpointLoad.run(s.url(), clients, Duration.ofSeconds(seconds), 0.03);
        long after = usedAfterGc();
        System.out.printf(Locale.ROOT, "JDK %s, round %d/%d, %d clients x %d s: %s; heap after GC %d MB -> %d MB%n",
            Runtime.version().feature(), round, rounds, clients, seconds, r, before >> 20, after >> 20);
      }
    }
  }

  /** The least heap in use after GC over a few readings, once in-flight work has ended. */
  private static long usedAfterGc() throws InterruptedException {
    Thread.sleep(2000);
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      least = Math.min(least, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
      Thread.sleep(500);
    }
    return least;
  }
}
