package io.jpprof.agent;

import io.jpprof.PprofConfig;
import io.jpprof.http.Pprof;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Package io.jpprof.agent serves {@code /debug/pprof/} from any JVM without a code change: as a
 * {@code -javaagent}, or loaded into a running JVM by {@code java -jar jpprof-agent.jar <pid>}.
 *
 * <pre>
 * java -javaagent:jpprof-agent.jar[=port=6060,host=127.0.0.1,...] -jar app.jar
 * java -jar jpprof-agent.jar &lt;pid&gt; [port=6061,...]      load into a running JVM, print the URL
 * java -jar jpprof-agent.jar &lt;pid&gt; stop                  stop it again
 * java -jar jpprof-agent.jar list                        list the JVMs one can attach to
 * </pre>
 *
 * The options are {@link PprofConfig}'s keys; {@code -Djpprof.*}, {@code JPPROF_*} and a
 * properties file work as well. A bad option is one WARN or ERROR line on the JVM's standard
 * error; the application always keeps running.
 *
 * <p>As {@code -javaagent}, the server starts on a daemon thread, so {@code main} does not wait
 * for it; loaded into a running JVM, it starts before the attach command returns, which prints its
 * URL. One server per JVM: loading the agent again answers "already running on host:port".
 *
 * <p>Everything the jar bundles (jpprof, Undertow, XNIO, JBoss logging and threads, protobuf,
 * slf4j) is relocated under {@code io.jpprof.agent.shaded}, so it never meets the application's own
 * copies. Its log goes to standard error through a built-in slf4j binding (in an internal package):
 * jpprof's INFO and above, WARN and above from the libraries it bundles.
 *
 * <p>An application that uses jpprof's API itself (labels, custom profiles) has its own copy of
 * jpprof; that copy hands what the application does to the agent's ({@link ApiBridge}), so the
 * agent's profiles show it — from the start with {@code -javaagent}; loaded into a running JVM
 * whose jpprof was already in use, the agent says in one WARN line that they do not.
 */
public final class Agent {
  /** Options only the attach command sends; never part of the configuration. */
  static final String REPLY = "agent.reply=";

  static final String STOP = "agent.stop";

  /** The agent this JVM loaded: null until premain or agentmain first ran, then the same one. */
  private static volatile Loaded loaded;

  private Agent() {}

  /** The agent, made on the first call. */
  private static synchronized Loaded load() {
    if (loaded == null) {
      loaded = new Loaded();
    }
    return loaded;
  }

  /** Not a static field: premain must not pay for slf4j's start-up on the application's main thread. */
  private static Logger log() {
    return LoggerFactory.getLogger(Agent.class);
  }

  /** {@code -javaagent}: reads the configuration and starts the server on a daemon thread. */
  public static void premain(String args, Instrumentation inst) {
    Loaded agent = load();
    try {
      Thread t = new Thread(() -> {
        try {
          agent.loggingReady();
          agent.start(args == null ? "" : args, null);
        } catch (Throwable e) {
          log().error("jpprof: the agent did not start: {}", e.toString());
        }
      }, "jpprof-agent-start");
      t.setDaemon(true);
      t.start();
    } catch (Throwable e) { // never stop the application from starting
      log().error("jpprof: the agent did not start: {}", e.toString());
    }
  }

  /** Loaded into a running JVM: starts (or stops) the server before returning. */
  public static void agentmain(String args, Instrumentation inst) {
    boolean late = loaded == null;
    Loaded agent = load();
    agent.loggingReady();
    String rest = args == null ? "" : args;
    Path reply = null;
    boolean stop = false;
    // the attach command puts its own options first: agent.reply=FILE,agent.stop,...
    while (rest.startsWith("agent.")) {
      int comma = rest.indexOf(',');
      String piece = comma < 0 ? rest : rest.substring(0, comma);
      rest = comma < 0 ? "" : rest.substring(comma + 1);
      if (piece.startsWith(REPLY)) {
        reply = Path.of(piece.substring(REPLY.length()));
      } else if (piece.equals(STOP)) {
        stop = true;
      }
    }
    try {
      if (stop) {
        agent.stop(reply);
      } else {
        if (late && inst != null) {
          warnIfApplicationApiInUse(inst);
        }
        agent.start(rest, reply);
      }
    } catch (Throwable e) {
      log().error("jpprof: the agent failed: {}", e.toString());
      answer(reply, "ERROR " + e);
    }
  }

  /**
   * Logs a WARN line from a thread of the application's ({@link ApiBridge}) once in the agent's life,
   * however many of the application's copies have the same to say; held until the agent's logging
   * is up, since slf4j, still starting on the agent's thread, would drop it. Only once loaded.
   */
  static void warnOnce(String line) {
    loaded.warnOnce(line);
  }

  /** True once the JVM loaded this jar as an agent (the application's jpprof may link to it then). */
  static boolean loaded() {
    return loaded != null;
  }

  /** The agent jar's version ({@code unknown} when run from classes). */
  static String version() {
    String v = Agent.class.getPackage().getImplementationVersion();
    return v == null ? "unknown" : v;
  }

  /**
   * An application's own jpprof looks for the agent once, when first used: loaded later, the agent
   * cannot see what that copy does.
   */
  private static void warnIfApplicationApiInUse(Instrumentation inst) {
    // built at run time: the build relocates class-name literals under io.jpprof into the agent's copy
    String looked = String.join(".", "io", "jpprof", "internal", "agentlink", "AgentLink$Found");
    for (Class<?> c : inst.getAllLoadedClasses()) {
      if (c.getName().equals(looked)) {
        log().warn("jpprof: the application's own jpprof was in use before the agent was loaded: its labels and"
            + " custom profiles are not in the agent's profiles (start the JVM with -javaagent to have them)");
        return;
      }
    }
  }

  /** {@code java -jar jpprof-agent.jar ...}: the attach command. */
  public static void main(String[] args) {
    if (ModuleLayer.boot().findModule("jdk.attach").isEmpty()) {
      System.err.println("jpprof: this Java runtime (" + System.getProperty("java.home")
          + ") has no jdk.attach module, so it cannot attach to a JVM. Run the command with a full JDK's java"
          + " (a JRE or a jlink image without jdk.attach cannot), or start the application with"
          + " -javaagent:jpprof-agent.jar");
      System.exit(1);
    }
    System.exit(AttachCommand.run(args, System.out, System.err));
  }

  private static void answer(Path reply, String line) {
    if (reply == null) {
      return;
    }
    try {
      Files.writeString(reply, line + "\n", StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      log().warn("jpprof: cannot answer the attach command through {}: {}", reply, e.toString());
    }
  }

  /**
   * What the agent keeps for the life of the JVM: its one server, and the warnings from the
   * application's threads that came before its logging was up.
   */
  private static final class Loaded {
    private Pprof.Server server; // guarded by this
    private final Object logging = new Object();
    /** Warnings that came before the agent's logging was up (then null); guarded by logging. */
    private List<String> heldWarnings = new ArrayList<>();
    /** Whether {@link #warnOnce} has logged (or held) its line; guarded by logging. */
    private boolean warned;

    void warnOnce(String line) {
      synchronized (logging) {
        if (warned) {
          return;
        }
        warned = true;
        if (heldWarnings != null) {
          heldWarnings.add(line);
          return;
        }
      }
      log().warn(line);
    }

    void loggingReady() {
      Logger log = log();
      List<String> held;
      synchronized (logging) {
        held = heldWarnings;
        heldWarnings = null;
      }
      if (held != null) {
        held.forEach(log::warn);
      }
    }

    synchronized void start(String args, Path reply) {
      if (server != null) {
        log().info("jpprof: already running on {}:{}", server.host(), server.port());
        answer(reply, "RUNNING " + server.host() + ":" + server.port() + " " + server.url());
        return;
      }
      PprofConfig config = PprofConfig.load(args);
      if (!config.enabled()) {
        log().info("jpprof: not started: enabled=false ({})", config.origin("enabled"));
        answer(reply, "DISABLED enabled=false (" + config.origin("enabled") + ")");
        return;
      }
      try {
        server = Pprof.builder().config(config).start();
      } catch (RuntimeException e) {
        Throwable why = e.getCause() != null ? e.getCause() : e;
        String cause = why.getMessage() != null ? why.getMessage() : why.toString();
        String msg = "jpprof: cannot listen on " + config.host() + ":" + config.port() + " (port from "
            + config.origin("port") + ", host from " + config.origin("host") + "): " + cause
            + "; /debug/pprof is off, the application continues";
        log().error(msg);
        answer(reply, "ERROR " + msg);
        return;
      }
      // the server logged jpprof's one INFO line: "pprof: serving <url>"
      answer(reply, "OK " + server.url());
    }

    synchronized void stop(Path reply) {
      if (server == null) {
        log().info("jpprof: stop: not running");
        answer(reply, "NOT_RUNNING");
        return;
      }
      String url = server.url();
      server.close();
      server = null;
      log().info("jpprof: stopped {}", url);
      answer(reply, "STOPPED " + url);
    }
  }
}
