package com.example.host;

import io.jpprof.http.Pprof;
import java.util.logging.Logger;

/**
 * An application that logs through java.util.logging in the categories Undertow and XNIO use, with
 * a filter of its own, and embeds jpprof: its records must come out as before (QuietGuestTest).
 */
public final class HostApp {
  private HostApp() {}

  public static void main(String[] args) {
    Logger xnio = Logger.getLogger("org.xnio");
    Logger undertow = Logger.getLogger("io.undertow");
    undertow.setFilter(r -> {
      r.setMessage("host-filtered " + r.getMessage());
      return true;
    });
    xnio.info("host record before jpprof");
    try (Pprof.Server server = Pprof.start(0)) {
      xnio.info("host record while jpprof serves");
      undertow.warning("host warning while jpprof serves");
    }
    undertow.info("host record after jpprof");
    System.out.println("done");
  }
}
