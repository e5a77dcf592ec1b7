package io.jpprof.agent;

/** A target application: prints "ready", then a tick a second, for at most two minutes. */
public final class Sleeper {
  private Sleeper() {}

  public static void main(String[] args) throws InterruptedException {
    System.out.println("ready");
    for (int i = 0; i < 120; i++) {
      Thread.sleep(1000);
      System.out.println("tick " + i);
    }
  }
}
