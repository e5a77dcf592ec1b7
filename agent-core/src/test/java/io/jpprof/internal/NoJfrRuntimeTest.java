package io.jpprof.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpprof.Profile;
import io.jpprof.fixtures.ForkedJvm;
import io.jpprof.internal.jfr.Jfr;
import io.jpprof.internal.jfr.JfrUnavailableException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A runtime without the {@code jdk.jfr} module (a jlink image): the JFR-backed profiles, the CPU
 * profile and the trace fail with one clear text, while goroutine and custom profiles work.
 */
class NoJfrRuntimeTest {
  /** The child program: prints one line per check. */
  public static final class Main {
    public static void main(String[] args) throws Exception {
      System.out.println("reason: " + Jfr.unavailableReason().orElse("none"));
      Profile.startRecording(); // a no-op here, not a crash
      try (Collectors.Lease lease = Collectors.process().acquire()) {
        System.out.println("lease: " + Collectors.process().held());
      }
      System.out.println("profiles: " + Profile.profiles());

      ByteArrayOutputStream out = new ByteArrayOutputStream();
      Profile.lookup("goroutine").writeTo(out, 1);
      System.out.println("goroutine debug=1: " + out.toString(StandardCharsets.UTF_8).lines().findFirst().orElse(""));
      out.reset();
      Profile.lookup("goroutine").writeTo(out, 0);
      System.out.println("goroutine debug=0: " + (out.size() > 0) + ", count " + (Profile.lookup("goroutine").count() > 0));
      out.reset();
      Profile.lookup("goroutine").writeTo(out, 2);
      System.out.println("goroutine debug=2: " + out.toString(StandardCharsets.UTF_8).lines().findFirst().orElse(""));
      Profile custom = Profile.newProfile("com.example.open.files");
      custom.add("f", 0);
      out.reset();
      custom.writeTo(out, 1);
      System.out.println("custom: " + out.toString(StandardCharsets.UTF_8).lines().findFirst().orElse(""));

      for (String name : List.of("heap", "allocs", "block", "mutex", "threadcreate")) {
        Profile p = Profile.lookup(name);
        System.out.println(name + " count: " + failure(() -> p.count()));
        System.out.println(name + " debug=0: " + failure(() -> p.writeTo(new ByteArrayOutputStream(), 0)));
        System.out.println(name + " debug=1: " + failure(() -> p.writeTo(new ByteArrayOutputStream(), 1)));
      }
      System.out.println("gc: " + failure(Collectors.process().heap()::gc));
      System.out.println("cpu: " + failure(() -> Profile.startCpuProfile(new ByteArrayOutputStream())));
      System.out.println("cpu session: " + failure(() -> Collectors.process().cpu().start(100)));
      System.out.println("trace: " + failure(() -> Collectors.process().tracer().start(Duration.ofSeconds(1), false)));
      System.out.println("trace active: " + Collectors.process().tracer().active());
      System.out.println("block threshold: " + Profile.setBlockProfileThreshold(Duration.ofMillis(1)));
      System.out.println("END");
    }

    interface Call {
      Object run() throws Exception;
    }

    interface VoidCall {
      void run() throws Exception;
    }

    static String failure(VoidCall c) {
      return failure(() -> {
        c.run();
        return null;
      });
    }

    static String failure(Call c) {
      try {
        c.run();
        return "NO FAILURE";
      } catch (JfrUnavailableException e) {
        return "JfrUnavailableException: " + e.getMessage();
      } catch (Throwable e) {
        return "WRONG " + e;
      }
    }
  }

  @Test
  void jfrBackedSourcesSayJfrIsMissingAndTheOthersWork() {
    ForkedJvm.Result r = ForkedJvm.run(Main.class,
        List.of("--limit-modules", "java.base,java.logging,java.management,jdk.management,jdk.unsupported"), Map.of());
    String out = r.ok();
    String missing = "JfrUnavailableException: " + Jfr.MODULE_MISSING;
    assertThat(out).contains("reason: " + Jfr.MODULE_MISSING)
        .contains("lease: true")
        .contains("goroutine debug=1: goroutine profile: total ")
        .contains("goroutine debug=0: true, count true")
        .contains("goroutine debug=2: Full thread dump")
        .contains("custom: com.example.open.files profile: total 1")
        .doesNotContain("NO FAILURE").doesNotContain("WRONG")
        .contains("trace active: false")
        .contains("END");
    for (String name : List.of("heap", "allocs", "block", "mutex", "threadcreate")) {
      assertThat(out).contains(name + " count: " + missing, name + " debug=0: " + missing, name + " debug=1: " + missing);
    }
    assertThat(out).contains("gc: " + missing, "cpu: " + missing, "cpu session: " + missing, "trace: " + missing);
    assertThat(r.leftInTmp()).isEmpty();
  }
}
