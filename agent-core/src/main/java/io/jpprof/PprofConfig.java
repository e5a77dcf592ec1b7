package io.jpprof;

import io.jpprof.internal.Collectors;
import io.jpprof.internal.config.ConfigValues;
import io.jpprof.internal.config.Secrets;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PprofConfig is jpprof's configuration without code: where to serve, whether to serve, and
 * which always-on collectors run, read from the places a deployment can set them.
 *
 * <p>Each key is looked up, first match wins, in:
 *
 * <pre>
 * 1. the agent argument        -javaagent:jpprof-agent.jar=port=6061,host=0.0.0.0  (key as below)
 * 2. a system property         -Djpprof.port=6061                                  (jpprof.KEY)
 * 3. the environment           JPPROF_PORT=6061                 (JPPROF_ + KEY upper-cased, '.' → '_')
 * 4. a properties file         jpprof.port=6061 in the file named by jpprof.config / JPPROF_CONFIG
 * 5. the default
 * </pre>
 *
 * Builder calls made in code after {@code Pprof.builder().config(PprofConfig.load())} come before
 * all of these. The keys:
 *
 * <pre>
 * enabled          true      false: the agent does not start (code decides for itself: {@link #enabled()})
 * host             127.0.0.1 the address to bind
 * port             6060      0 picks a free port
 * path             /debug/pprof  the path prefix
 * token            (none)    a secret clients must present as Authorization: Bearer TOKEN
 * user             (none)    with a password, HTTP basic credentials clients may present instead
 * password         (none)    the user's password (prefer password.file or JPPROF_PASSWORD to an argument)
 * password.file    (none)    a file whose content (one trailing line break dropped) is the password
 * block.threshold  10ms      waits at least this long enter block; -1 turns it off (also 500us, 1s, 100ns)
 * mutex.threshold  10ms      the same for lock contention in mutex
 * collectors       heap,block,mutex,threadcreate  always-on collectors started with the server; none for none
 * history          off       keep the last minutes (10m, 1h) for profile, block and mutex ?history=1
 * config           (none)    the properties file (as a system property, environment variable or agent argument)
 * </pre>
 *
 * <p>A value that cannot be used (a port {@code abc}, a path without a leading {@code /}), an
 * unknown key under {@code jpprof.} / {@code JPPROF_}, or a file that cannot be read is reported
 * as one WARN line naming the key, the value and where it came from; the key then takes its next
 * source or default. Loading never throws: the application always keeps running.
 *
 * <p>A few tuning keys are read by the collectors themselves and only as system properties:
 * {@code jpprof.heap.throttle}, {@code jpprof.heap.inuse}, {@code jpprof.cpuTimeSample}, {@code
 * jpprof.virtualThreads}, {@code jpprof.virtualThreads.max}, {@code jpprof.threadcreate.virtual}.
 * Instances are immutable.
 */
public final class PprofConfig {
  /** The always-on collectors, by the name {@code collectors} uses. */
  public static final Set<String> COLLECTORS = ConfigValues.COLLECTORS;

  static final String PREFIX = "jpprof.";
  static final String ENV_PREFIX = "JPPROF_";

  /** The keys this class reads, with their defaults ({@code null}: none). */
  private static final Map<String, String> DEFAULTS = defaults();

  /** Keys read by the collectors from system properties; known, so not reported as unknown. */
  private static final Set<String> SYSTEM_ONLY = Set.of(
      "heap.throttle", "heap.inuse", "cpuTimeSample", "virtualThreads", "virtualThreads.max",
      "threadcreate.virtual");

  private static final Logger log = LoggerFactory.getLogger(PprofConfig.class);

  private final Map<String, String> values;
  private final Map<String, String> origins;
  private final Map<String, List<Map.Entry<String, String>>> candidates;
  private final boolean enabled;
  private final int port;
  private final String path;
  private final Duration blockThreshold;
  private final Duration mutexThreshold;
  private final Set<String> collectors;
  private final Duration history;
  private final String password;

  private PprofConfig(Map<String, String> values, Map<String, String> origins,
      Map<String, List<Map.Entry<String, String>>> candidates, Consumer<String> warn) {
    this.values = values;
    this.origins = origins;
    this.candidates = candidates;
    this.enabled = parse("enabled", ConfigValues::bool, warn);
    this.port = parse("port", ConfigValues::port, warn);
    this.path = parse("path", ConfigValues::path, warn);
    this.blockThreshold = threshold("block.threshold", warn);
    this.mutexThreshold = threshold("mutex.threshold", warn);
    this.collectors = parse("collectors", ConfigValues::collectorSet, warn);
    this.history = parse("history", ConfigValues::history, warn);
    this.password = readPassword(warn);
    if ((user().isPresent()) != (password != null)) {
      warn.accept(user().isPresent()
          ? "jpprof: user=" + user().get() + " from " + origins.get("user") + " has no password (password,"
              + " JPPROF_PASSWORD or password.file): every request is refused until both are set"
          : "jpprof: a password is set (" + origins.get(values.get("password") != null ? "password" : "password.file")
              + ") but no user (user, JPPROF_USER): every request is refused until both are set");
    }
  }

  /** The password: {@code password} if set, else the content of {@code password.file}; null if none. */
  private String readPassword(Consumer<String> warn) {
    String direct = values.get("password");
    if (direct != null && !direct.isEmpty()) {
      return direct;
    }
    String file = values.get("password.file");
    if (file == null || file.isEmpty()) {
      return null;
    }
    try {
      String content = Files.readString(Path.of(file), StandardCharsets.UTF_8);
      // echo pw > file, and editors, end the file with a line break that is no part of the password
      content = content.endsWith("\r\n") ? content.substring(0, content.length() - 2)
          : content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
      if (!content.isEmpty()) {
        return content;
      }
      warn.accept("jpprof: the password file " + file + " (from " + origins.get("password.file") + ") is empty");
    } catch (IOException | RuntimeException e) {
      warn.accept("jpprof: cannot read the password file " + file + " (from " + origins.get("password.file")
          + "): " + e);
    }
    return null;
  }

  private static Map<String, String> defaults() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("enabled", "true");
    d.put("host", "127.0.0.1");
    d.put("port", "6060");
    d.put("path", "/debug/pprof");
    d.put("token", null);
    d.put("user", null);
    d.put("password", null);
    d.put("password.file", null);
    d.put("block.threshold", null);
    d.put("mutex.threshold", null);
    d.put("collectors", "heap,block,mutex,threadcreate");
    d.put("history", "off");
    d.put("config", null);
    return Collections.unmodifiableMap(d);
  }

  /** The configuration from system properties, the environment and the file; no agent argument. */
  public static PprofConfig load() {
    return load("");
  }

  /**
   * The configuration with an agent argument, {@code key=value} pairs separated by commas ({@code
   * port=6061,host=0.0.0.0}); a piece without {@code =} continues the previous value, so {@code
   * collectors=heap,mutex,port=0} works. Never throws; problems are logged (see the class comment).
   */
  public static PprofConfig load(String agentArgs) {
    return load(agentArgs, System.getProperties(), System.getenv(), log::warn);
  }

  /** {@link #load(String)} from the given sources, reporting problems to {@code warn}. */
  static PprofConfig load(String agentArgs, Properties system, Map<String, String> env, Consumer<String> warn) {
    return load(ConfigValues.parseAgentArgs(agentArgs), "agent argument", system, env, warn);
  }

  /**
   * The configuration with {@code values} before every other source: a door's own settings, such
   * as a servlet's init parameters or the {@code jpprof.*} properties of a Spring environment.
   * Keys are those of {@link #keys()} ({@code token}, {@code block.threshold}); {@code source}
   * names where they came from in messages ({@code servlet init parameter}; one ending in {@code
   * .} is followed by the key without a space: {@code Spring property jpprof.}). Then system
   * properties, the environment and the file, as {@link #load()}. Never throws.
   */
  public static PprofConfig load(Map<String, String> values, String source) {
    return load(values, source, System.getProperties(), System.getenv(), log::warn);
  }

  /**
   * The keys this class reads from every source, without the {@code jpprof.} prefix: {@code
   * enabled}, {@code host}, {@code port}, {@code path}, {@code token}, ...; what a door passes to
   * {@link #load(Map, String)}.
   */
  public static Set<String> keys() {
    return DEFAULTS.keySet();
  }

  static PprofConfig load(Map<String, String> firstValues, String firstSource, Properties system,
      Map<String, String> env, Consumer<String> warn) {
    Map<String, String> values = new LinkedHashMap<>();
    Map<String, String> origins = new LinkedHashMap<>();

    Map<String, String> agent = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : firstValues.entrySet()) {
      String key = e.getKey();
      if (e.getValue() == null || !known(key, named(firstSource, key) + "=" + Secrets.shown(key, e.getValue()), warn)) {
        continue;
      }
      if (SYSTEM_ONLY.contains(key)) {
        warn.accept("jpprof: ignoring " + named(firstSource, key) + "=" + Secrets.shown(key, e.getValue())
            + ": it is read only as the system property -D" + PREFIX + key);
        continue;
      }
      agent.put(key, e.getValue());
    }
    Map<String, String> sys = new LinkedHashMap<>();
    for (String name : new TreeMap<>(system).keySet().stream().map(String::valueOf).toList()) {
      if (name.startsWith(PREFIX)) {
        String key = name.substring(PREFIX.length());
        String value = system.getProperty(name);
        if (key.equals("agent") || key.startsWith("agent.")) {
          continue; // the agent's own state, not configuration
        }
        if (known(key, "system property " + name + "=" + Secrets.shown(key, value), warn) && !SYSTEM_ONLY.contains(key)) {
          sys.put(key, value);
        }
      }
    }
    Map<String, String> environment = new LinkedHashMap<>();
    Map<String, String> envKeys = envNames();
    for (String name : new TreeMap<>(env).keySet()) {
      if (name.startsWith(ENV_PREFIX)) {
        String key = envKeys.get(name);
        if (key == null) {
          warn.accept("jpprof: ignoring unknown environment variable " + name + "=" + Secrets.shown(name, env.get(name))
              + " (known: " + String.join(", ", envKeys.keySet()) + ")");
        } else if (SYSTEM_ONLY.contains(key)) {
          warn.accept("jpprof: ignoring environment variable " + name + "=" + env.get(name)
              + ": it is read only as the system property -D" + PREFIX + key);
        } else {
          environment.put(key, env.get(name));
        }
      }
    }

    String file = null;
    String fileOrigin = null;
    for (var source : List.of(Map.entry(named(firstSource, "config"), agent), Map.entry("system property jpprof.config", sys),
        Map.entry("environment variable JPPROF_CONFIG", environment))) {
      String v = source.getValue().get("config");
      if (v != null && !v.isBlank()) {
        file = v.trim();
        fileOrigin = source.getKey();
        break;
      }
    }
    Map<String, String> fromFile = file == null ? Map.of() : readFile(file, fileOrigin, warn);

    Map<String, List<Map.Entry<String, String>>> candidates = new LinkedHashMap<>();
    for (String key : DEFAULTS.keySet()) {
      List<Map.Entry<String, String>> c = new ArrayList<>();
      if (agent.containsKey(key)) {
        c.add(Map.entry(named(firstSource, key), agent.get(key).trim()));
      }
      if (sys.containsKey(key)) {
        c.add(Map.entry("system property " + PREFIX + key, sys.get(key).trim()));
      }
      if (environment.containsKey(key)) {
        c.add(Map.entry("environment variable " + envName(key), environment.get(key).trim()));
      }
      if (fromFile.containsKey(key)) {
        c.add(Map.entry(PREFIX + key + " in " + file, fromFile.get(key).trim()));
      }
      candidates.put(key, c);
      values.put(key, c.isEmpty() ? DEFAULTS.get(key) : c.get(0).getValue());
      origins.put(key, c.isEmpty() ? "default" : c.get(0).getKey());
    }
    return new PprofConfig(values, origins, candidates, warn);
  }

  /** {@code agent argument port}, {@code Spring property jpprof.port}. */
  private static String named(String source, String key) {
    return source + (source.endsWith(".") ? "" : " ") + key;
  }

  private static boolean known(String key, String what, Consumer<String> warn) {
    if (DEFAULTS.containsKey(key) || SYSTEM_ONLY.contains(key)) {
      return true;
    }
    warn.accept("jpprof: ignoring unknown " + what + " (known keys: " + String.join(", ", DEFAULTS.keySet()) + ")");
    return false;
  }

  private static Map<String, String> readFile(String file, String origin, Consumer<String> warn) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException | RuntimeException e) {
      warn.accept("jpprof: cannot read the config file " + file + " (from " + origin + "): " + e);
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : new TreeMap<>(p).keySet().stream().map(String::valueOf).toList()) {
      String value = p.getProperty(name);
      String key = name.startsWith(PREFIX) ? name.substring(PREFIX.length()) : null;
      if (key == null || !DEFAULTS.containsKey(key) || key.equals("config")) {
        warn.accept("jpprof: ignoring unknown key " + name + "=" + Secrets.shown(name, value) + " in " + file
            + " (known keys: " + String.join(", ", DEFAULTS.keySet().stream().filter(k -> !k.equals("config"))
                .map(k -> PREFIX + k).toList()) + ")");
      } else {
        out.put(key, value);
      }
    }
    return out;
  }

  private static Map<String, String> envNames() {
    Map<String, String> names = new TreeMap<>();
    DEFAULTS.keySet().forEach(k -> names.put(envName(k), k));
    SYSTEM_ONLY.forEach(k -> names.put(envName(k), k));
    return names;
  }

  /** {@code block.threshold} → {@code JPPROF_BLOCK_THRESHOLD}. */
  static String envName(String key) {
    return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_');
  }

  private interface Parser<T> {
    /** The value, or throws IllegalArgumentException saying what a good value looks like. */
    T parse(String value);
  }

  /** The first candidate that parses, in precedence order, warning once for each one that does not. */
  private <T> T parse(String key, Parser<T> parser, Consumer<String> warn) {
    List<Map.Entry<String, String>> c = candidates.get(key);
    for (int i = 0; i < c.size(); i++) {
      String value = c.get(i).getValue();
      try {
        T parsed = parser.parse(value);
        values.put(key, value);
        origins.put(key, c.get(i).getKey());
        return parsed;
      } catch (IllegalArgumentException e) {
        String next = i + 1 < c.size()
            ? c.get(i + 1).getValue() + " from " + c.get(i + 1).getKey() : DEFAULTS.get(key) + ", the default";
        warn.accept("jpprof: ignoring " + key + "=" + value + " from " + c.get(i).getKey() + ": " + e.getMessage()
            + "; using " + next);
      }
    }
    values.put(key, DEFAULTS.get(key));
    origins.put(key, "default");
    return parser.parse(DEFAULTS.get(key));
  }

  private Duration threshold(String key, Consumer<String> warn) {
    String value = values.get(key);
    if (value == null || value.isEmpty()) {
      return null;
    }
    if (origins.get(key).startsWith("system property")) {
      // ContentionRecorder reads this system property itself and reports a bad value once
      try {
        return ConfigValues.duration(value);
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    try {
      return ConfigValues.duration(value);
    } catch (IllegalArgumentException e) {
      warn.accept("jpprof: ignoring " + key + "=" + value + " from " + origins.get(key) + ": " + e.getMessage()
          + "; keeping the current threshold");
      values.put(key, null);
      return null;
    }
  }

  /** Whether to serve at all; the agent starts nothing when false. */
  public boolean enabled() {
    return enabled;
  }

  /** The address to bind. */
  public String host() {
    return values.get("host").isEmpty() ? DEFAULTS.get("host") : values.get("host");
  }

  /** The port; 0 picks a free one. */
  public int port() {
    return port;
  }

  /** The path prefix, without a trailing slash ({@code /} for the root). */
  public String path() {
    return path;
  }

  /** The secret clients must present, if one is set. */
  public Optional<String> token() {
    String t = values.get("token");
    return t == null || t.isEmpty() ? Optional.empty() : Optional.of(t);
  }

  /**
   * The user of HTTP basic credentials, if one is set; {@code go tool pprof
   * http://user:password@host:6060/debug/pprof/heap} sends them. Set with a password, or every
   * request is refused.
   */
  public Optional<String> user() {
    String u = values.get("user");
    return u == null || u.isEmpty() ? Optional.empty() : Optional.of(u);
  }

  /**
   * The password of {@link #user()}: {@code password} if set, else the content of the file
   * {@code password.file} names (read once, when the configuration loads; one trailing line break
   * is no part of it).
   */
  public Optional<String> password() {
    return Optional.ofNullable(password);
  }

  /** The block threshold, if one is configured (otherwise the current one is kept). */
  public Optional<Duration> blockThreshold() {
    return Optional.ofNullable(blockThreshold);
  }

  /** The mutex threshold, if one is configured (otherwise the current one is kept). */
  public Optional<Duration> mutexThreshold() {
    return Optional.ofNullable(mutexThreshold);
  }

  /** The always-on collectors to start: a subset of {@link #COLLECTORS}. */
  public Set<String> collectors() {
    return collectors;
  }

  /** How much history to keep for {@code ?history=1}, if any (off by default). */
  public Optional<Duration> history() {
    return Optional.ofNullable(history);
  }

  /**
   * Where a key's value came from, e.g. {@code system property jpprof.port} or {@code default};
   * for messages such as "cannot listen on ...".
   */
  public String origin(String key) {
    String o = origins.get(key);
    if (o == null) {
      throw new IllegalArgumentException("unknown key " + key);
    }
    return o;
  }

  /**
   * Applies the thresholds and starts the collectors this configuration names, the way {@link
   * Profile#startRecording()} starts all of them: in the background, the caller never waits. A
   * profile whose collector is not named stays off: block and mutex through a negative threshold;
   * heap, allocs and threadcreate are not started now (a request for one of them starts it later).
   */
  public void applyToCollectors() {
    Duration off = Duration.ofNanos(-1);
    if (blockThreshold != null || !collectors.contains("block")) {
      Profile.setBlockProfileThreshold(collectors.contains("block") ? blockThreshold : off);
    }
    if (mutexThreshold != null || !collectors.contains("mutex")) {
      Profile.setMutexProfileThreshold(collectors.contains("mutex") ? mutexThreshold : off);
    }
    Collectors.process().configure(collectors);
    Collectors.process().configureHistory(history);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("PprofConfig{");
    values.forEach((k, v) -> {
      if (v != null) {
        b.append(b.length() > 12 ? ", " : "").append(k).append('=').append(k.equals("token") || k.equals("password") ? "****" : v);
      }
    });
    return b.append('}').toString();
  }
}
