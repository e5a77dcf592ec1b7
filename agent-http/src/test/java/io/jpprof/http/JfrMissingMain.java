package io.jpprof.http;

/** A pprof server in a JVM started without jdk.jfr (JfrMissingTest): prints its port, then waits. */
public final class JfrMissingMain {
  private JfrMissingMain() {}

  public static void main(String[] args) throws Exception {
    Pprof.Server s = Pprof.start(0);
    System.out.println("port " + s.port());
    System.out.flush();
    Thread.sleep(120_000);
  }
}
