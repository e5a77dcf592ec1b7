package io.jpprof.examples;

import io.jpprof.http.Pprof;

/**
 * The demo the README starts: serves /debug/pprof/ on 127.0.0.1 (port 6060, or the first
 * argument) while a service leaks a thread on every tenth request and leaves some connections
 * open. It prints the commands that find both, then runs until interrupted.
 */
public final class Demo {
  private Demo() {}

  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 6060;
    try (var server = Pprof.start(port)) {
      String base = "http://127.0.0.1:" + server.port() + "/debug/pprof";
      System.out.println("jpprof demo: serving " + base + "/");
      System.out.println();
      System.out.println("A thread leaks on every tenth request. Try:");
      System.out.println("  curl '" + base + "/goroutine?debug=1'     # threads grouped by stack");
      System.out.println("  curl '" + base + "/goroutine?debug=2'     # full thread dump");
      System.out.println("  go tool pprof -top " + base + "/goroutine");
      System.out.println("  go tool pprof -proto " + base + "/goroutine > g1.pb.gz; sleep 10;"
          + " go tool pprof -proto " + base + "/goroutine > g2.pb.gz");
      System.out.println("  go tool pprof -top -base g1.pb.gz g2.pb.gz   # only the threads leaked in between");
      System.out.println("  curl '" + base + "/jpprof.example/open.connections?debug=1'");
      System.out.println();
      System.out.println("Ctrl-C to stop.");
      serve();
    }
  }

  private static void serve() throws InterruptedException {
    ThreadLeak leak = new ThreadLeak(2_000);
    OpenConnections pool = new OpenConnections();
    for (int request = 0; ; request++) {
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
}
