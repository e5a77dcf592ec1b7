package io.jpprof.examples;

import io.jpprof.http.Pprof;
import java.io.UncheckedIOException;

/**
 * The demo the README starts: a small service with four debugging stories running at once (slow
 * memory growth, a thread leak, a CPU hot spot split across two methods, a contended lock; see
 * {@link Stories}), and {@code /debug/pprof/} beside it on 127.0.0.1 — port 6060 (or the first
 * argument), a free port when that one is taken. It prints the URLs and the commands that find
 * each story, then runs until interrupted.
 */
public final class Demo {
  private Demo() {}

  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 6060;
    Pprof.Server server;
    try {
      server = Pprof.start(port);
    } catch (UncheckedIOException e) {
      server = Pprof.start(0);
      System.out.println("jpprof demo: port " + port + " is taken, using " + server.port());
    }
    try (Pprof.Server s = server; Stories stories = Stories.start()) {
      String base = s.url();
      String p = base.substring(0, base.length() - 1);
      System.out.println("jpprof demo: serving " + base);
      System.out.println();
      System.out.println("Open in a browser: " + base + "ui/");
      System.out.println();
      System.out.println("1. Memory keeps growing (" + Stories.GROWTH + "):");
      System.out.println("   " + base + "ui/heap?gc=1&diff=30");
      System.out.println("   go tool pprof -proto '" + p + "/heap?gc=1' > h1.pb.gz; sleep 30; go tool pprof -proto '" + p
          + "/heap?gc=1' > h2.pb.gz; go tool pprof -top -base h1.pb.gz h2.pb.gz");
      System.out.println("2. A thread leak (" + Stories.LEAK + "):");
      System.out.println("   " + base + "ui/goroutine?diff=10");
      System.out.println("   curl '" + p + "/goroutine?debug=1'");
      System.out.println("   go tool pprof -top " + p + "/goroutine?seconds=10");
      System.out.println("3. CPU is high (" + Stories.HOT_1 + ", " + Stories.HOT_2 + "):");
      System.out.println("   " + base + "ui/profile?seconds=10");
      System.out.println("   go tool pprof -top " + p + "/profile?seconds=10");
      System.out.println("4. Lock contention (" + Stories.LOCK + "):");
      System.out.println("   " + base + "ui/mutex");
      System.out.println("   go tool pprof -top " + p + "/mutex");
      System.out.println();
      System.out.println("Ctrl-C to stop.");
      Thread.currentThread().join();
    }
  }
}
