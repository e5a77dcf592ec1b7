package io.jpprof.internal.http;

import io.jpprof.Profile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code <prefix>/ui/}: the built-in viewer, for a person with a browser and no Go toolchain. A
 * flame graph, a top table ({@code go tool pprof -top}'s numbers) and a {@code -base}-style diff of
 * two snapshots, over the very profiles the other endpoints serve.
 *
 * <p>{@code <prefix>/ui/NAME?params} is a deep link to one profile: the page fetches {@code
 * <prefix>/NAME?params} (gzip proto, {@code debug=0}) and decodes it in the browser, so the UI
 * shows exactly what {@code go tool pprof} reads from the same URL, with the same bind address,
 * prefix and access rules. The UI's own parameters are {@code sample} (the sample type, like
 * {@code -sample_index}), {@code tagfocus} ({@code key=value}) and {@code diff} (seconds between
 * two snapshots); every other parameter is passed on, among them {@code types=1} and {@code
 * bythread=1}, which the page's Types and Threads toggles set. {@code <prefix>/ui/} alone lists the
 * profiles.
 *
 * <p>Every asset comes from this jar (no CDN, works offline); pages are served with {@code
 * Content-Security-Policy: default-src 'self'} and hold no inline script; every name reaches the
 * page as text (server side through {@link GoResponses#htmlEscape}, in the browser through {@code
 * textContent}).
 */
final class UiEndpoint implements Endpoint {
  /** The path segment under the prefix. */
  static final String NAME = "ui";

  static final String CSP = "Content-Security-Policy";
  static final String POLICY = "default-src 'self'";

  private static final String ASSETS = "assets/";
  private static final Map<String, String> ASSET_TYPES =
      Map.of("viewer.js", "text/javascript; charset=utf-8", "viewer.css", "text/css; charset=utf-8");
  private static final Map<String, byte[]> ASSET_BYTES = loadAssets();

  @Override
  public boolean listed() {
    return false;
  }

  @Override
  public void serve(Exchange exchange, String name, Query query) {
    String prefix = prefix(exchange, name);
    if (name.equals(NAME)) {
      GoResponses.movedPermanently(exchange, GoUrl.relativeUrl(prefix + "/" + NAME + "/", exchange.rawQuery()));
      return;
    }
    String rest = name.substring(NAME.length() + 1);
    if (rest.startsWith(ASSETS)) {
      serveAsset(exchange, rest.substring(ASSETS.length()));
      return;
    }
    if (!rest.isEmpty() && !rest.equals("profile") && Profile.lookup(rest) == null) {
      GoResponses.serveError(exchange, 404, "Unknown profile");
      return;
    }
    exchange.setHeader(CSP, POLICY);
    exchange.setHeader("Cache-Control", "no-store");
    GoResponses.send(exchange, 200, GoResponses.HTML, GoResponses.utf8(page(prefix, rest)));
  }

  /**
   * Where the contract is mounted, as the client sees it: the router only calls an endpoint for
   * the clean path {@code <prefix>/<name>}, so the prefix is what precedes {@code /<name>}.
   */
  private static String prefix(Exchange exchange, String name) {
    String path = GoUrl.pathUnescape(exchange.rawPath());
    String tail = "/" + name;
    return path != null && path.endsWith(tail) ? path.substring(0, path.length() - tail.length()) : "";
  }

  private static void serveAsset(Exchange exchange, String asset) {
    byte[] body = ASSET_BYTES.get(asset);
    if (body == null) {
      GoResponses.notFound(exchange);
      return;
    }
    exchange.setHeader(CSP, POLICY);
    exchange.setHeader("Cache-Control", "no-cache");
    GoResponses.send(exchange, 200, ASSET_TYPES.get(asset), body);
  }

  /**
   * The page for profile {@code profile} ({@code ""}: the list). Links are relative, so the page
   * works behind a proxy that moves the prefix: {@code ui/a/b} is one level deeper than {@code
   * ui/heap}. {@code prefix} (where the contract is mounted) is the title.
   */
  static String page(String prefix, String profile) {
    int depth = (int) profile.chars().filter(c -> c == '/').count();
    String up = "../".repeat(depth);
    String root = up + "../";
    String assets = up + ASSETS;
    String title = profile.isEmpty() ? "profiles" : profile;
    StringBuilder b = new StringBuilder(4096);
    b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(GoResponses.htmlEscape(title + " · " + prefix + "/")).append("</title>\n")
        .append("<link rel=\"stylesheet\" href=\"").append(assets).append("viewer.css\">\n")
        .append("</head>\n<body data-profile=\"").append(GoResponses.htmlEscape(profile))
        .append("\" data-root=\"").append(root).append("\" data-ui=\"").append(up).append("\">\n")
        .append("<header>\n<h1><a href=\"").append(root).append("\">")
        .append(GoResponses.htmlEscape(prefix + "/")).append("</a> ui</h1>\n")
        .append("<form id=\"controls\">\n<label>Profile <select id=\"profile\" name=\"profile\">\n");
    for (String name : profileNames()) {
      b.append("<option value=\"").append(GoResponses.htmlEscape(name)).append('"')
          .append(name.equals(profile) ? " selected" : "").append('>')
          .append(GoResponses.htmlEscape(name)).append("</option>\n");
    }
    b.append("</select></label>\n")
        .append("<label>Seconds <input id=\"seconds\" name=\"seconds\" type=\"number\" min=\"1\" size=\"4\"></label>\n")
        .append("<label>Sample <select id=\"sample\" name=\"sample\"></select></label>\n")
        .append("<label>Labels <select id=\"tagfocus\" name=\"tagfocus\"><option value=\"\">all samples</option></select></label>\n")
        .append("<label title=\"types=1: the allocated or locked class as the leaf frame\"><input id=\"types\" type=\"checkbox\"> Types</label>\n")
        .append("<label title=\"bythread=1: each thread as the root frame\"><input id=\"bythread\" type=\"checkbox\"> Threads</label>\n")
        .append("<button id=\"load\" type=\"submit\">Load</button>\n")
        .append("<label>Diff over <input id=\"diff\" name=\"diff\" type=\"number\" min=\"1\" size=\"4\" value=\"10\"> s</label>\n")
        .append("<button id=\"diff-start\" type=\"button\">Diff</button>\n")
        .append("<label>Search <input id=\"search\" type=\"search\" placeholder=\"regexp\"></label>\n")
        .append("<label>Open file <input id=\"file\" type=\"file\" accept=\".gz,.pb,.pprof\"></label>\n")
        .append("<label>Base file <input id=\"base-file\" type=\"file\" accept=\".gz,.pb,.pprof\"></label>\n")
        .append("</form>\n<p id=\"status\" role=\"status\" aria-live=\"polite\"></p>\n")
        .append("<p id=\"diff-summary\"></p>\n</header>\n<main>\n");
    if (profile.isEmpty()) {
      b.append("<section id=\"profiles\"><h2>Profiles</h2>\n<ul>\n");
      for (String name : profileNames()) {
        b.append("<li><a href=\"").append(GoResponses.htmlEscape(GoUrl.relativeUrl(name, null))).append("\">")
            .append(GoResponses.htmlEscape(name)).append("</a></li>\n");
      }
      b.append("</ul>\n<p>A link such as <code>ui/heap</code>, <code>ui/profile?seconds=5</code> or "
          + "<code>ui/allocs?sample=alloc_space</code> opens one profile; add <code>diff=10</code> for the "
          + "change over 10 seconds.</p>\n</section>\n");
    }
    b.append("<section id=\"flame-section\" hidden>\n<h2>Flame graph <button id=\"reset\" type=\"button\">Reset zoom</button></h2>\n")
        .append("<div id=\"flame\" role=\"group\" aria-label=\"flame graph\"></div>\n</section>\n")
        .append("<section id=\"top-section\" hidden>\n<h2>Top</h2>\n<table id=\"top\">\n<thead><tr>")
        .append("<th data-key=\"flat\">flat</th><th data-key=\"flat\">flat%</th><th data-key=\"sum\">sum%</th>")
        .append("<th data-key=\"cum\">cum</th><th data-key=\"cum\">cum%</th><th data-key=\"name\">name</th>")
        .append("</tr></thead>\n<tbody></tbody>\n</table>\n</section>\n")
        .append("<section id=\"dump-section\" hidden>\n<h2>Threads (goroutine?debug=2)</h2>\n<pre id=\"dump\"></pre>\n</section>\n")
        .append("<div id=\"tooltip\" role=\"tooltip\" hidden></div>\n</main>\n")
        .append("<script src=\"").append(assets).append("viewer.js\"></script>\n</body>\n</html>\n");
    return b.toString();
  }

  /** Every profile name the UI can open: the registered profiles plus the CPU profile. */
  private static List<String> profileNames() {
    TreeSet<String> names = new TreeSet<>();
    for (Profile p : Profile.profiles()) {
      names.add(p.name());
    }
    names.add("profile");
    return new ArrayList<>(names);
  }

  private static Map<String, byte[]> loadAssets() {
    Map<String, byte[]> bytes = new java.util.HashMap<>();
    for (String asset : ASSET_TYPES.keySet()) {
      try (InputStream in = UiEndpoint.class.getResourceAsStream("ui/" + asset)) {
        if (in == null) {
          throw new IllegalStateException("jpprof: missing resource io/jpprof/internal/http/ui/" + asset);
        }
        bytes.put(asset, in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return Map.copyOf(bytes);
  }
}
