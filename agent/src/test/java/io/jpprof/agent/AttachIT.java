package io.jpprof.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code java -jar jpprof-agent.jar <pid> ...}: twice, stop, start again, and its clear errors. */
@Timeout(180)
class AttachIT {
  static final String CLASSES = Path.of(System.getProperty("basedir", "."), "target", "test-classes").toString();

  static Jvm sleeper(String... jvmArgs) {
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(jvmArgs));
    args.addAll(java.util.List.of("-cp", CLASSES, Sleeper.class.getName()));
    return Jvm.start(java.util.Map.of(), args).await("ready", Duration.ofSeconds(30));
  }

  static Jvm.Result attach(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "-jar";
    all[1] = Jvm.AGENT_JAR.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    return Jvm.run(all);
  }

  @Test
  void attachTwiceStopAndStartAgain() throws Exception {
    try (Jvm target = sleeper()) {
      String pid = Long.toString(target.pid());

      Jvm.Result first = attach(pid, "port=0");
      assertThat(first.exit()).as("%s", first).isZero();
      String url = first.out().trim();
      assertThat(H2ServerIT.get(url + "goroutine?debug=1")).contains("io.jpprof.agent.Sleeper.main");
      String hostPort = url.replaceAll("^http://([^/]+)/.*$", "$1");

      Jvm.Result second = attach(pid, "port=0");
      assertThat(second.exit()).as("%s", second).isZero();
      assertThat(second.out()).startsWith("jpprof: already running on " + hostPort + ": " + url);

      Jvm.Result stop = attach(pid, "stop");
      assertThat(stop.exit()).as("%s", stop).isZero();
      assertThat(stop.out().trim()).isEqualTo("jpprof: stopped " + url);
      assertThatThrownBy(() -> H2ServerIT.get(url)).isInstanceOf(ConnectException.class);
      assertThat(attach(pid, "stop").out().trim()).isEqualTo("jpprof: not running in " + pid);

      Jvm.Result again = attach(pid, "port=0,path=/admin/pprof");
      assertThat(again.exit()).as("%s", again).isZero();
      assertThat(again.out().trim()).matches("http://127\\.0\\.0\\.1:\\d+/admin/pprof/");
      assertThat(H2ServerIT.get(again.out().trim() + "cmdline")).contains(Sleeper.class.getName());

      assertThat(target.process.isAlive()).isTrue();
      assertThat(target.err()).doesNotContain("Exception", "ERROR", "WARN ");
    }
  }

  @Test
  void list() {
    try (Jvm target = sleeper()) {
      Jvm.Result list = attach("list");
      assertThat(list.exit()).isZero();
      assertThat(list.out()).contains(target.pid() + " " + Sleeper.class.getName());
    }
  }

  @Test
  void noSuchPid() {
    long pid = 4_000_000;
    while (ProcessHandle.of(pid).isPresent()) {
      pid++;
    }
    Jvm.Result r = attach(Long.toString(pid));
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err().trim()).isEqualTo("jpprof: no process with pid " + pid);
  }

  @Test
  void notAJvm() throws Exception {
    Process sleep = new ProcessBuilder("sleep", "60").start();
    try {
      Jvm.Result r = attach(Long.toString(sleep.pid()));
      assertThat(r.exit()).isEqualTo(1);
      assertThat(r.err()).startsWith("jpprof: cannot attach to " + sleep.pid() + ": ").contains("not a Java process");
    } finally {
      sleep.destroyForcibly();
    }
  }

  @Test
  void targetWithAttachDisabled() {
    try (Jvm target = sleeper("-XX:+DisableAttachMechanism")) {
      Jvm.Result r = attach(Long.toString(target.pid()));
      assertThat(r.exit()).as("%s", r).isEqualTo(1);
      assertThat(r.err()).startsWith("jpprof: cannot attach to " + target.pid() + ": ")
          .contains("-XX:+DisableAttachMechanism");
      assertThat(target.process.isAlive()).isTrue();
    }
  }

  /** Needs root (to run the command as nobody) and setpriv; elsewhere skipped. */
  @Test
  void anotherUsersJvm() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        "root".equals(System.getProperty("user.name")) && java.nio.file.Files.isExecutable(Path.of("/usr/bin/setpriv")),
        "needs root and setpriv to run the attach command as another user");
    try (Jvm target = sleeper()) {
      // nobody may not read the build tree (a private temp clone): give it its own readable copy
      Path dir = java.nio.file.Files.createTempDirectory("jpprof-attach-other-user");
      dir.toFile().deleteOnExit();
      dir.toFile().setReadable(true, false);
      dir.toFile().setExecutable(true, false);
      Path jar = java.nio.file.Files.copy(Jvm.AGENT_JAR, dir.resolve("jpprof-agent.jar"));
      jar.toFile().deleteOnExit(); // before dir: deleted in reverse order
      jar.toFile().setReadable(true, false);
      Process p = new ProcessBuilder("/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
          Jvm.JAVA, "-jar", jar.toString(), Long.toString(target.pid()))
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      String err = new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(p.waitFor()).isEqualTo(1);
      assertThat(err.trim()).isEqualTo("jpprof: JVM " + target.pid() + " runs as user root, this command as nobody;"
          + " attach as that user: sudo -u root java -jar jpprof-agent.jar " + target.pid());
    }
  }

  @Test
  void runtimeWithoutJdkAttach() {
    Jvm.Result r = Jvm.run("--limit-modules", "java.base,java.instrument", "-jar", Jvm.AGENT_JAR.toString(), "list");
    assertThat(r.exit()).as("%s", r).isEqualTo(1);
    assertThat(r.err()).startsWith("jpprof: this Java runtime (").contains("has no jdk.attach module");
  }

  @Test
  void usage() {
    Jvm.Result r = attach();
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("usage: java -jar jpprof-agent.jar <pid> [key=value,...]");
    assertThat(attach("12x").err()).startsWith("jpprof: not a pid: 12x");
  }
}
