package io.jpprof.internal.http;

import io.jpprof.Profile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * {@code <prefix>/}: Go's index page, byte for byte. It lists every registered profile
 * with its count, plus the server's own endpoints (cmdline, profile, symbol, trace, wall)
 * with count 0, sorted by name. Query parameters are ignored.
 */
final class IndexPage {
  /** Go's descriptions, told the way they are true on the JVM. Custom profiles have none. */
  static final Map<String, String> DESCRIPTIONS =
      Map.ofEntries(
          Map.entry("allocs",
              "A sampling of all past memory allocations"),
          Map.entry("block",
              "Stack traces that led to blocking on synchronization primitives (monitors, Object.wait, LockSupport.park)"),
          Map.entry("cmdline",
              "The command line invocation of the current program"),
          Map.entry("goroutine",
              "Stack traces of all current threads (platform threads, and virtual threads on JDK 21+). Use debug=2 as a query parameter to export in the JVM's thread dump format."),
          Map.entry("heap",
              "A sampling of memory allocations of live objects. You can specify the gc GET parameter to run a full GC before taking the heap sample."),
          Map.entry("mutex",
              "Stack traces of threads waiting for contended monitors and locks"),
          Map.entry("profile",
              "CPU profile. You can specify the duration in the seconds GET parameter. After you get the profile file, use the go tool pprof command to investigate the profile."),
          Map.entry("symbol",
              "Maps given program counters to function names. Counters can be specified in a GET raw query or POST body, multiple counters are separated by '+'."),
          Map.entry("threadcreate",
              "Stack traces that led to the creation of new threads"),
          Map.entry("trace",
              "A JFR recording (the JDK's profile settings) of the current program. You can specify the duration in the seconds GET parameter. Open the file with the jfr tool or JDK Mission Control."),
          Map.entry("wall",
              "Wall-clock profile: every thread's time, on and off CPU (sleeping, waiting, blocked, native I/O), by stack, with a state label. You can specify the duration in the seconds GET parameter, a thread name regexp in threads, and idle=1 to keep idle threads. Also at fgprof's paths."));

  private record Entry(String name, int count) {}

  private final List<String> endpointNames;

  /** @param endpointNames the server's own endpoints, listed with count 0 */
  IndexPage(List<String> endpointNames) {
    this.endpointNames = List.copyOf(endpointNames);
  }

  /** Serves the page of the contract mounted at {@code prefix}, which is its title. */
  void serve(Exchange exchange, String prefix) {
    GoResponses.send(exchange, 200, GoResponses.HTML, GoResponses.utf8(render(prefix)));
  }

  String render(String prefix) {
    String title = GoResponses.htmlEscape(prefix + "/");
    List<Entry> entries = new ArrayList<>();
    for (Profile p : Profile.profiles()) {
      entries.add(new Entry(p.name(), count(p)));
    }
    for (String endpoint : endpointNames) {
      entries.add(new Entry(endpoint, 0));
    }
    entries.sort(Comparator.comparing(Entry::name, IndexPage::compareUtf8));

    StringBuilder b = new StringBuilder();
    b.append("<html>\n<head>\n<title>").append(title).append("</title>\n")
        .append("<style>\n.profile-name{\n\tdisplay:inline-block;\n\twidth:6rem;\n}\n</style>\n")
        .append("</head>\n<body>\n").append(title).append("\n<br>\n")
        .append("<p>Set debug=1 as a query parameter to export in legacy text format</p>\n")
        .append(Jfr.available() ? "" : "<p>" + GoResponses.htmlEscape(Jfr.missing())
            + ": profile, trace, heap, allocs, block, mutex and threadcreate answer 501</p>\n")
        .append("<br>\nTypes of profiles available:\n<table>\n")
        .append("<thead><td>Count</td><td>Profile</td></thead>\n");
    for (Entry e : entries) {
      b.append("<tr><td>").append(e.count()).append("</td><td><a href='")
          .append(GoUrl.relativeUrl(e.name(), "debug=1")).append("'>")
          .append(GoResponses.htmlEscape(e.name())).append("</a></td></tr>\n");
    }
    b.append("</table>\n<a href=\"goroutine?debug=2\">full goroutine stack dump</a>\n<br>\n")
        .append("<a href=\"ui/\">flame graph, top and diff in the browser</a>\n<br>\n<p>\n")
        .append("Profile Descriptions:\n<ul>\n");
    for (Entry e : entries) {
      b.append("<li><div class=profile-name>").append(GoResponses.htmlEscape(e.name()))
          .append(": </div> ").append(GoResponses.htmlEscape(DESCRIPTIONS.getOrDefault(e.name(), "")))
          .append("</li>\n");
    }
    b.append("</ul>\n</p>\n</body>\n</html>");
    return b.toString();
  }

  /** A profile's count; a source that fails (no JFR) counts 0 rather than failing the page. */
  private static int count(Profile p) {
    try {
      return p.count();
    } catch (RuntimeException | LinkageError e) {
      return 0;
    }
  }

  /** Go's string order: byte-wise over UTF-8. */
  private static int compareUtf8(String a, String b) {
    return java.util.Arrays.compareUnsigned(GoResponses.utf8(a), GoResponses.utf8(b));
  }
}
