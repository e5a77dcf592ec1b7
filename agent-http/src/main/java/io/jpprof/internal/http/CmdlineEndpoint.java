package io.jpprof.internal.http;

import io.jpprof.internal.config.Secrets;
import io.jpprof.internal.profile.Application;
import java.util.List;

/**
 * {@code <prefix>/cmdline}: the process's arguments, argv[0] first, joined with NUL bytes.
 *
 * <p>Deviation from Go, on by default: secret values are replaced by {@value Secrets#REDACTED}
 * ({@link Secrets#redactArguments}: {@code -Ddb.password=…}, {@code --api-token=…}, {@code
 * --password …}, {@code -javaagent:jpprof-agent.jar=token=…}, a URL's password).
 */
final class CmdlineEndpoint implements Endpoint {
  private final boolean redact;

  CmdlineEndpoint(boolean redact) {
    this.redact = redact;
  }

  @Override
  public void serve(Exchange exchange, String name, Query query) {
    List<String> args = Application.commandLine();
    String argv = String.join("\0", redact ? Secrets.redactArguments(args) : args);
    GoResponses.send(exchange, 200, GoResponses.TEXT, GoResponses.utf8(argv));
  }
}
