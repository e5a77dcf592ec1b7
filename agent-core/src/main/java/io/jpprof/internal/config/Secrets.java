package io.jpprof.internal.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which values are secrets, and their redaction wherever jpprof shows a value it did not make: the
 * {@code cmdline} endpoint and configuration warnings. A name is secret-looking when it contains
 * pass, pwd, secret, token, credential or key (any case): {@code db.password}, {@code apiToken},
 * {@code aws.secretKey}, jpprof's own {@code token} and {@code password}. Over-redaction is the
 * safe side: a hidden {@code keystore.type} costs a reader a guess, a shown password costs more.
 */
public final class Secrets {
  public static final String REDACTED = "<redacted>";

  private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(pass|pwd|secret|token|credential|key).*");
  private static final Pattern MISTYPED_SECRET = Pattern.compile("(?i).*(pas|pw|sec|tok|cred|auth).*");
  /** {@code -Dname=value}, {@code --name=value}, {@code -name=value}. */
  private static final Pattern OPTION = Pattern.compile("^(-D|--?)([^=]+)=(.*)$", Pattern.DOTALL);
  /** {@code -javaagent:jar=options}, {@code -agentpath:lib=options}, {@code -agentlib:name=options}. */
  private static final Pattern AGENT = Pattern.compile("^(-javaagent:|-agentpath:|-agentlib:)([^=]*)=(.*)$", Pattern.DOTALL);
  /** {@code --password} (or {@code -token}) whose value is the next argument. */
  private static final Pattern FLAG = Pattern.compile("^(--[A-Za-z][\\w.-]*|-[a-z][\\w-]*)$");
  /** {@code name=value} inside an argument (a query, a list): {@code ?user=a&password=b}, {@code a=1,token=t}. */
  private static final Pattern PAIR =
      Pattern.compile("(^|[,;&?\\s])([\\w.-]*(?i:pass|pwd|secret|token|credential|key)[\\w.-]*=)[^,;&\\s]*");
  /** A JSON member with a secret name: {@code "password":"…"} (SPRING_APPLICATION_JSON style). */
  private static final Pattern JSON_MEMBER =
      Pattern.compile("(\"[^\"]*(?i:pass|pwd|secret|token|credential|key)[^\"]*\"\\s*:\\s*)\"(?:[^\"\\\\]|\\\\.)*\"");
  /** The password of a URL's user info: {@code scheme://user:password@host}. */
  private static final Pattern URL_PASSWORD = Pattern.compile("(://[^/?#@:\\s]*:)[^/?#@\\s]+@");

  private Secrets() {}

  /** Whether a property, option or key with this name holds a secret. */
  public static boolean isSecretName(String name) {
    return SECRET_NAME.matcher(name).matches();
  }

  /**
   * The value of a configuration key as a warning may print it: {@value #REDACTED} for a secret
   * name or one a typo away from it ({@code tokn}, {@code passwrd}, {@code usr.auth}).
   */
  public static String shown(String name, String value) {
    return isSecretName(name) || MISTYPED_SECRET.matcher(name).matches() ? REDACTED : value;
  }

  /**
   * A process's arguments with every secret value replaced by {@value #REDACTED}: {@code
   * -Ddb.password=…} and {@code --api-token=…}; the value after a separate {@code --password}
   * flag; secret keys inside an agent's options ({@code -javaagent:jpprof-agent.jar=port=6061,
   * token=…}); a URL's password ({@code jdbc:postgresql://app:…@db/}). The arguments the JVM took
   * from {@code JAVA_TOOL_OPTIONS} and {@code JDK_JAVA_OPTIONS} are arguments like any other here.
   * Inside any argument, secret {@code name=value} pairs ({@code jdbc:…?user=a&password=…},
   * {@code password=…}) and JSON members ({@code {"password":"…"}}) are redacted too.
   */
  public static List<String> redactArguments(List<String> args) {
    List<String> out = new ArrayList<>(args.size());
    boolean nextIsSecret = false;
    for (String a : args) {
      if (nextIsSecret && !a.startsWith("-")) {
        out.add(REDACTED);
        nextIsSecret = false;
        continue;
      }
      nextIsSecret = FLAG.matcher(a).matches() && isSecretName(a.replaceFirst("^--?", ""));
      out.add(redactArgument(a));
    }
    return out;
  }

  private static String redactArgument(String a) {
    Matcher agent = AGENT.matcher(a);
    if (agent.matches()) {
      return agent.group(1) + agent.group(2) + "=" + redactAgentOptions(agent.group(3));
    }
    Matcher option = OPTION.matcher(a);
    if (option.matches() && isSecretName(option.group(2))) {
      return option.group(1) + option.group(2) + "=" + REDACTED;
    }
    return redactEmbedded(a);
  }

  /** Secrets inside an argument whose own name is not secret: URL passwords, name=value pairs, JSON members. */
  private static String redactEmbedded(String a) {
    String out = redactUrlPassword(a);
    out = PAIR.matcher(out).replaceAll("$1$2" + REDACTED);
    return JSON_MEMBER.matcher(out).replaceAll("$1\"" + REDACTED + "\"");
  }

  /**
   * Agent options {@code key=value,key=value} with secret values redacted; a piece without
   * {@code =} continues the previous value (as {@link ConfigValues#parseAgentArgs} reads it), so it
   * is redacted with it.
   */
  public static String redactAgentOptions(String options) {
    List<String> out = new ArrayList<>();
    boolean inSecret = false;
    for (String piece : options.split(",", -1)) {
      int eq = piece.indexOf('=');
      if (eq > 0) {
        inSecret = isSecretName(piece.substring(0, eq));
        out.add(inSecret ? piece.substring(0, eq + 1) + REDACTED : piece.substring(0, eq + 1) + redactEmbedded(piece.substring(eq + 1)));
      } else if (!inSecret) {
        out.add(piece);
      } // else: a continuation of the redacted value
    }
    return String.join(",", out);
  }

  private static String redactUrlPassword(String s) {
    return URL_PASSWORD.matcher(s).replaceAll("$1" + REDACTED + "@");
  }
}
