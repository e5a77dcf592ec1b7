package io.jpprof.http;

import io.jpprof.internal.profile.Application;
import io.undertow.server.HttpServerExchange;

/** {@code <prefix>/cmdline}: the process's arguments, argv[0] first, joined with NUL bytes. */
final class CmdlineEndpoint implements Endpoint {
  @Override
  public void serve(HttpServerExchange exchange, String name, Query query) {
    String argv = String.join("\0", Application.commandLine());
    GoResponses.send(exchange, 200, GoResponses.TEXT, GoResponses.utf8(argv));
  }
}
