package io.jpprof.internal.http;

import io.jpprof.internal.Collectors;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fixed endpoints by name: adding one is one line here. Named profiles are the fallback. A name
 * ending in {@code /} serves every path below it ({@code ui/} serves {@code ui/heap}, {@code
 * ui/assets/viewer.js}).
 */
final class Endpoints {
  private Endpoints() {}

  static Map<String, Endpoint> standard(PprofOptions options, Limits limits, Collectors collectors) {
    Map<String, Endpoint> endpoints = new LinkedHashMap<>();
    endpoints.put("cmdline", new CmdlineEndpoint(options.redactCommandLine()));
    endpoints.put("profile", new CpuProfileEndpoint(collectors));
    endpoints.put("symbol", new SymbolEndpoint());
    endpoints.put("trace", new TraceEndpoint(collectors));
    endpoints.put("wall", new WallProfileEndpoint(collectors, true));
    endpoints.put(WallProfileEndpoint.FGPROF, new WallProfileEndpoint(collectors, false));
    for (String profile : new String[] {"heap", "block", "mutex"}) {
      endpoints.put("delta_" + profile, new ScrapeDeltaEndpoint(collectors, profile, limits));
    }
    UiEndpoint ui = new UiEndpoint();
    endpoints.put(UiEndpoint.NAME, ui); // 301 to ui/
    endpoints.put(UiEndpoint.NAME + "/", ui);
    return endpoints;
  }
}
