package io.jpprof.bench;

import io.jpprof.fixtures.EndpointLoad;
import io.jpprof.http.Pprof;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Locale;

/**
 * The long load run of issue 13: {@code clients} clients (default 100) for {@code seconds} (60)
 * over every endpoint, 3% long requests, against a standalone server in this JVM; prints
 * requests/s, unexpected statuses, connection errors, the index page's p50/p99 and the heap after
 * GC before and after.
 *
 * <pre>
 * mvn -q -ntp -pl bench -am package -DskipTests
 * java -cp 'bench/target/jpprof-bench.jar:bench/target/lib/*' io.jpprof.bench.EndpointLoadBench 100 60
 * </pre>
 */
public final class EndpointLoadBench {
  private EndpointLoadBench() {}

  public static void main(String[] args) throws Exception {
    int clients = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
    try (Pprof.Server s = Pprof.start(0)) {
      long before = usedAfterGc();
      EndpointLoad.Result r = EndpointLoad.run(s.url(), clients, Duration.ofSeconds(seconds), 0.03);
      long after = usedAfterGc();
      System.out.printf(Locale.ROOT, "JDK %s, %d clients x %d s: %s; heap after GC %d MB -> %d MB%n",
          Runtime.version().feature(), clients, seconds, r, before >> 20, after >> 20);
    }
  }

  private static long usedAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
