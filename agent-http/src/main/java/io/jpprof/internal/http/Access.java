package io.jpprof.internal.http;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;

/**
 * Who may read profiles: the DNS-rebinding guard of a loopback-bound server, then the configured
 * credentials (a bearer token, HTTP basic, a user's predicate; any one that accepts is enough).
 * Refusals are Go-style text with {@code X-Go-Pprof: 1}, so {@code go tool pprof} prints them.
 */
final class Access {
  private final PprofOptions options;
  private final byte[] bearer;
  private final byte[] basic;

  Access(PprofOptions options) {
    this.options = options;
    this.bearer = options.bearerToken() == null ? null : utf8("Bearer " + options.bearerToken());
    this.basic =
        options.basicUser() == null
            ? null
            : utf8("Basic " + Base64.getEncoder().encodeToString(
                utf8(options.basicUser() + ":" + options.basicPassword())));
  }

  /** True when the request may go on; otherwise the refusal has been sent. */
  boolean admit(Exchange exchange) {
    if (options.loopbackHosts() != null && !hostAllowed(exchange.header("Host"))) {
      GoResponses.serveError(exchange, 403,
          "jpprof: Host header \"" + exchange.header("Host") + "\" refused: this server is bound to a"
              + " loopback address and answers only to localhost or its own address (DNS-rebinding guard)");
      return false;
    }
    if (!options.hasAccessControl()) {
      return true;
    }
    String authorization = exchange.header("Authorization");
    if (authorization != null
        && ((bearer != null && MessageDigest.isEqual(bearer, utf8(authorization)))
            || (basic != null && MessageDigest.isEqual(basic, utf8(authorization))))) {
      return true;
    }
    if (options.authorizer() != null && options.authorizer().test(exchange)) {
      return true;
    }
    if (bearer == null && basic == null) {
      GoResponses.serveError(exchange, 403, options.authorizer() == PprofOptions.REFUSE_ALL
          ? "jpprof: forbidden: the configured login is incomplete (a user without a password, or a password"
              + " without a user; the server's log says which), so every request is refused"
          : "jpprof: forbidden: the server's access check refused this request");
      return false;
    }
    if (basic != null) {
      exchange.setHeader("WWW-Authenticate", "Basic realm=\"jpprof\", charset=\"UTF-8\"");
    } else {
      exchange.setHeader("WWW-Authenticate", "Bearer realm=\"jpprof\"");
    }
    GoResponses.serveError(exchange, 401, "jpprof: unauthorized: "
        + (authorization == null ? "send credentials (" : "wrong credentials (")
        + (bearer != null ? "Authorization: Bearer <token>" : "")
        + (bearer != null && basic != null ? " or " : "")
        + (basic != null ? "HTTP basic, e.g. http://user:password@host/..." : "") + ")");
    return false;
  }

  private boolean hostAllowed(String host) {
    if (host == null) {
      return true; // HTTP/1.0: no Host, no browser
    }
    String name = host.toLowerCase(Locale.ROOT);
    if (name.startsWith("[")) {
      int end = name.indexOf(']');
      name = end < 0 ? name : name.substring(1, end);
    } else if (name.indexOf(':') == name.lastIndexOf(':') && name.indexOf(':') >= 0) {
      name = name.substring(0, name.indexOf(':'));
    }
    if (name.equals("localhost") || name.endsWith(".localhost") || options.loopbackHosts().contains(name)) {
      return true;
    }
    return isLoopbackLiteral(name);
  }

  private static boolean isLoopbackLiteral(String name) {
    boolean ipv4 = name.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    boolean ipv6 = name.indexOf(':') >= 0 && name.matches("[0-9a-f:.]+");
    if (!ipv4 && !ipv6) {
      return false; // a name: never resolved here, a rebinding name resolves to loopback too
    }
    try {
      return InetAddress.getByName(name).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
