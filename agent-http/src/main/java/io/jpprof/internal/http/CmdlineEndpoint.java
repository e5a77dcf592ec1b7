package io.jpprof.internal.http;

import io.jpprof.internal.profile.Application;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code <prefix>/cmdline}: the process's arguments, argv[0] first, joined with NUL bytes.
 *
 * <p>Deviation from Go, on by default: the value of an argument that sets a secret-looking
 * property or option ({@code -Ddb.password=…}, {@code --api-token=…}: a name containing password,
 * passwd, secret, token, credential or key) is replaced by {@value #REDACTED}.
 */
final class CmdlineEndpoint implements Endpoint {
  static final String REDACTED = "<redacted>";
  private static final Pattern SECRET =
      Pattern.compile("^(-D|--?)([^=]*(?i:password|passwd|secret|token|credential|key)[^=]*=)(.+)$", Pattern.DOTALL);

  private final boolean redact;

  CmdlineEndpoint(boolean redact) {
    this.redact = redact;
  }

  @Override
  public void serve(Exchange exchange, String name, Query query) {
    List<String> args = Application.commandLine();
    String argv = String.join("\0", redact ? redact(args) : args);
    GoResponses.send(exchange, 200, GoResponses.TEXT, GoResponses.utf8(argv));
  }

  static List<String> redact(List<String> args) {
    List<String> out = new ArrayList<>(args.size());
    for (String a : args) {
      Matcher m = SECRET.matcher(a);
      out.add(m.matches() ? m.group(1) + m.group(2) + REDACTED : a);
    }
    return out;
  }
}
