package io.jpprof.internal.jfr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class JvmShutdownTest {
  @Test
  void notWhileTheJvmRuns() {
    assertThat(JvmShutdown.inProgress()).isFalse();
    assertThat(JvmShutdown.inProgress()).as("the probe leaves no hook behind").isFalse();
  }

  @Test
  void trueInsideAShutdownHook() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"), Exiting.class.getName())
        .redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip())
        .isEqualTo("running false, exiting true");
  }

  /** Prints what {@link JvmShutdown#inProgress} says before and during exit. */
  public static final class Exiting {
    public static void main(String[] args) {
      boolean running = JvmShutdown.inProgress();
      Runtime.getRuntime().addShutdownHook(new Thread(
          () -> System.out.println("running " + running + ", exiting " + JvmShutdown.inProgress())));
    }
  }
}
