package io.jpprof.agent;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

/**
 * {@code java -jar jpprof-agent.jar <pid> [key=value,...] | <pid> stop | list}: loads the agent
 * into a running JVM through {@code jdk.attach} and prints what it answered. Exit status 0 when
 * the JVM serves (or, for stop, no longer serves) /debug/pprof, 1 otherwise, 2 for a usage error.
 */
final class AttachCommand {
  static final String USAGE = String.join("\n",
      "usage: java -jar jpprof-agent.jar <pid> [key=value,...]   serve /debug/pprof in a running JVM",
      "       java -jar jpprof-agent.jar <pid> stop               stop it",
      "       java -jar jpprof-agent.jar list                     JVMs one can attach to",
      "keys: enabled, host, port, path, token, block.threshold, mutex.threshold, collectors, config",
      "      e.g. port=6061,host=127.0.0.1  (the same as -javaagent:jpprof-agent.jar=...)");

  private AttachCommand() {}

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 1 && args[0].equals("list")) {
      for (VirtualMachineDescriptor vm : VirtualMachine.list()) {
        out.println(vm.id() + " " + vm.displayName());
      }
      return 0;
    }
    if (args.length < 1 || args.length > 2 || args[0].startsWith("-")) {
      err.println(USAGE);
      return 2;
    }
    long pid;
    try {
      pid = Long.parseLong(args[0]);
    } catch (NumberFormatException e) {
      err.println("jpprof: not a pid: " + args[0] + "\n" + USAGE);
      return 2;
    }
    boolean stop = args.length == 2 && args[1].equals("stop");
    String options = args.length == 2 && !stop ? args[1] : "";
    try {
      return attach(pid, stop, options, out, err);
    } catch (Failure f) {
      err.println("jpprof: " + f.getMessage());
      return 1;
    }
  }

  private static int attach(long pid, boolean stop, String options, PrintStream out, PrintStream err) {
    Optional<ProcessHandle> process = ProcessHandle.of(pid);
    if (process.isEmpty()) {
      throw new Failure("no process with pid " + pid);
    }
    if (pid == ProcessHandle.current().pid()) {
      throw new Failure("cannot attach to this attach command itself (pid " + pid + ")");
    }
    checkSameUser(process.get());
    Path jar = agentJar();
    Path reply = replyFile();
    try {
      VirtualMachine vm = connect(pid);
      try {
        String args = Agent.REPLY + reply + (stop ? "," + Agent.STOP : "") + (options.isEmpty() ? "" : "," + options);
        vm.loadAgent(jar.toString(), args);
      } catch (AgentLoadException | AgentInitializationException e) {
        throw new Failure("the agent did not load into " + pid + ": " + e.getMessage()
            + " (the target's standard error says why)");
      } catch (IOException e) {
        throw new Failure("lost the connection to JVM " + pid + " while loading the agent: " + e);
      } finally {
        detach(vm);
      }
      return report(pid, readReply(reply), options, out);
    } finally {
      try {
        Files.deleteIfExists(reply);
      } catch (IOException ignored) {
        // a temp file
      }
    }
  }

  private static VirtualMachine connect(long pid) {
    try {
      return VirtualMachine.attach(Long.toString(pid));
    } catch (AttachNotSupportedException e) {
      boolean listed = VirtualMachine.list().stream().anyMatch(d -> d.id().equals(Long.toString(pid)));
      String why = listed ? e.getMessage()
          : "it is not a JVM that accepts attach: not a Java process, a JVM started with"
              + " -XX:+DisableAttachMechanism, or one in another container or temp directory";
      throw new Failure("cannot attach to " + pid + ": " + why);
    } catch (IOException e) {
      throw new Failure("cannot attach to " + pid + ": " + e.getMessage()
          + " (a JVM started with -XX:+DisableAttachMechanism, one that is still starting or is hung,"
          + " or one run by another user)");
    }
  }

  private static int report(long pid, List<String> answer, String options, PrintStream out) {
    if (answer.isEmpty()) {
      throw new Failure("the agent loaded into " + pid + " but did not answer (the target may not see this"
          + " command's temp directory, " + System.getProperty("java.io.tmpdir") + "); its standard error has the URL");
    }
    String line = answer.get(0);
    String word = line.split(" ", 2)[0];
    String rest = line.length() > word.length() ? line.substring(word.length() + 1) : "";
    switch (word) {
      case "OK":
        out.println(rest);
        return 0;
      case "RUNNING": {
        String[] hostPortUrl = rest.split(" ", 2);
        out.println("jpprof: already running on " + hostPortUrl[0] + ": " + hostPortUrl[1]
            + (options.isEmpty() ? "" : " (options not applied; stop it first: java -jar jpprof-agent.jar " + pid + " stop)"));
        return 0;
      }
      case "STOPPED":
        out.println("jpprof: stopped " + rest);
        return 0;
      case "NOT_RUNNING":
        out.println("jpprof: not running in " + pid);
        return 0;
      case "DISABLED":
        throw new Failure("not started in " + pid + ": " + rest);
      default:
        throw new Failure(rest.startsWith("jpprof: ") ? rest.substring(8) : rest);
    }
  }

  /** HotSpot accepts attach only from its own user (or root); say so before the JDK's obscure error. */
  private static void checkSameUser(ProcessHandle target) {
    Optional<String> owner = target.info().user();
    Optional<String> me = ProcessHandle.current().info().user();
    if (owner.isPresent() && me.isPresent() && !owner.get().equals(me.get()) && !me.get().equals("root")) {
      throw new Failure("JVM " + target.pid() + " runs as user " + owner.get() + ", this command as " + me.get()
          + "; attach as that user: sudo -u " + owner.get() + " java -jar jpprof-agent.jar " + target.pid());
    }
  }

  private static Path agentJar() {
    try {
      Path jar = Path.of(Agent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (!Files.isRegularFile(jar)) {
        throw new Failure("run the attach command from the agent jar: java -jar jpprof-agent.jar <pid>");
      }
      return jar.toAbsolutePath();
    } catch (URISyntaxException | RuntimeException e) {
      if (e instanceof Failure f) {
        throw f;
      }
      throw new Failure("cannot find the agent jar: " + e);
    }
  }

  private static Path replyFile() {
    try {
      Path p = Files.createTempFile("jpprof-attach-", ".txt");
      try {
        // the target runs as our user; nobody else need read it
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException notPosix) {
        // Windows: the temp directory is the user's own
      }
      return p;
    } catch (IOException e) {
      throw new Failure("cannot create a temp file for the agent's answer: " + e);
    }
  }

  private static List<String> readReply(Path reply) {
    try {
      return Files.readAllLines(reply, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return List.of();
    }
  }

  private static void detach(VirtualMachine vm) {
    try {
      vm.detach();
    } catch (IOException ignored) {
      // the target went away; nothing to release
    }
  }

  /** A failure with the text to print. */
  private static final class Failure extends RuntimeException {
    Failure(String message) {
      super(message, null, false, false);
    }
  }
}
