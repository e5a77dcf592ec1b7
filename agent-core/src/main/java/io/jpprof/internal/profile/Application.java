package io.jpprof.internal.profile;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** What the running JVM is: its name for pprof's {@code File:} header and its command line. */
public final class Application {
  private static final Path PROC_CMDLINE = Path.of("/proc/self/cmdline");

  private Application() {}

  /**
   * A short name for this program: the jar file name for {@code java -jar app.jar}, else the main
   * class, else {@code java}.
   */
  public static String name() {
    String command = System.getProperty("sun.java.command", "").trim();
    if (command.isEmpty()) {
      return "java";
    }
    String first = command.split("\\s+", 2)[0];
    int slash = Math.max(first.lastIndexOf('/'), first.lastIndexOf('\\'));
    return first.substring(slash + 1);
  }

  /**
   * The process's arguments, argv[0] first: exactly as the OS started it where the OS tells
   * ({@code /proc/self/cmdline} on Linux), else from {@link ProcessHandle}, else rebuilt from the
   * JVM's input arguments and {@code sun.java.command}.
   */
  public static List<String> commandLine() {
    return fromProc().or(Application::fromProcessHandle).orElseGet(Application::rebuilt);
  }

  private static Optional<List<String>> fromProc() {
    try {
      byte[] raw = Files.readAllBytes(PROC_CMDLINE);
      if (raw.length == 0) {
        return Optional.empty();
      }
      String all = new String(raw, StandardCharsets.UTF_8);
      if (all.endsWith("\0")) {
        all = all.substring(0, all.length() - 1);
      }
      return Optional.of(List.of(all.split("\0", -1)));
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return Optional.empty();
    }
  }

  private static Optional<List<String>> fromProcessHandle() {
    ProcessHandle.Info info = ProcessHandle.current().info();
    Optional<String> command = info.command();
    Optional<String[]> args = info.arguments();
    if (command.isEmpty() || args.isEmpty()) {
      return Optional.empty();
    }
    List<String> all = new ArrayList<>();
    all.add(command.get());
    all.addAll(Arrays.asList(args.get()));
    return Optional.of(all);
  }

  private static List<String> rebuilt() {
    List<String> all = new ArrayList<>();
    all.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    all.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    String command = System.getProperty("sun.java.command", "").trim();
    if (!command.isEmpty()) {
      all.addAll(Arrays.asList(command.split("\\s+")));
    }
    return all;
  }
}
