package io.jpprof.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpprof.fixtures.GoPprof;
import io.jpprof.fixtures.TopReport;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * docs/setup.md's Spring Boot command, end to end: the repackaged jar that {@code mvn package} built,
 * started with {@code java -XX:FlightRecorderOptions:stackdepth=256 -jar}, read by {@code go tool pprof} at {@code
 * http://127.0.0.1:<management port>/debug/pprof/…} as docs/setup.md documents; the application's
 * own port serves no pprof, and with {@code jpprof.enabled=false} neither does the management port.
 */
class ExampleJarIT {
  private static final String PPROF = "/debug/pprof/";

  @Test
  void goToolPprofReadsTheJarOnTheManagementPort() throws Exception {
    GoPprof.findGo(); // skip (or fail under CI=true) before starting the jar
    try (RunningJar jar = RunningJar.start("jpprof-enabled")) {
      String base = jar.managementUrl(PPROF);

      String heap = GoPprof.run("-top", base + "heap").ok();
      assertThat(heap).contains("File: jpprof-example-spring-boot.jar", "Type: inuse_space");
      assertThat(GoPprof.run("-raw", base + "heap").ok())
          .as("heap sample types, as Go's")
          .contains("alloc_objects/count alloc_space/bytes inuse_objects/count inuse_space/bytes");

      TopReport goroutines = TopReport.parse(GoPprof.run("-top", base + "goroutine").ok());
      assertThat(goroutines.toString()).contains("Type: goroutine");
      TopReport.Row acceptors = goroutines.row("org.apache.tomcat.util.net.Acceptor.run");
      assertThat(acceptors).as("Tomcat's acceptor threads in:\n%s", goroutines).isNotNull();
      assertThat(acceptors.cum()).as("one acceptor per Tomcat: the app's and the management server's").isEqualTo(2);

      // Go's 100 Hz over 4 s: the controller's own 0.1 ms per request needs samples enough to be seen
      String cpu = cpuProfileUnderLoad(jar, base + "profile?seconds=4&hz=100");
      assertThat(cpu).contains("Type: cpu", "Duration: ");
      assertThat(cpu).as("the app's requests are in the CPU profile")
          .contains("org.apache.coyote.http11.Http11Processor.service");
      List<List<String>> requests = GoPprof.traces(cpu).stream()
          .filter(s -> s.contains("io.jpprof.examples.boot.DemoApplication.hello")).toList();
      assertThat(requests).as("CPU samples in the controller method:\n%s", cpu).isNotEmpty();
      List<String> whole = requests.stream()
          .filter(s -> s.get(s.size() - 1).equals("java.lang.Thread.run")
              && s.contains("org.apache.tomcat.util.threads.TaskThread$WrappingRunnable.run"))
          .findFirst().orElse(null);
      assertThat(whole).as("one stack from Tomcat's root frame (Thread.run, TaskThread) to the controller,"
          + " at the example's stackdepth; the controller's stacks:\n%s", requests).isNotNull();
      assertThat(whole).doesNotContain("[truncated]");
      System.out.println("ExampleJarIT: a whole /hello stack has " + whole.size() + " frames; the deepest sample "
          + GoPprof.traces(cpu).stream().mapToInt(List::size).max().orElse(0));

      assertThat(RunningJar.get(jar.managementPort, PPROF).body())
          .as("the index page beside Actuator").contains("goroutine", "heap", "profile");
      assertThat(RunningJar.get(jar.managementPort, "/actuator/health").statusCode()).isEqualTo(200);
      assertThat(RunningJar.get(jar.appPort, "/hello").body()).isEqualTo("hello");
      for (String path : List.of(PPROF, PPROF + "heap", PPROF + "goroutine?debug=1")) {
        assertThat(RunningJar.get(jar.appPort, path).statusCode())
            .as("%s is not on the application port", path).isEqualTo(404);
      }
    }
  }

  @Test
  void withJpprofDisabledNothingIsServed() throws Exception {
    try (RunningJar jar = RunningJar.start("jpprof-disabled", "--jpprof.enabled=false")) {
      assertThat(RunningJar.get(jar.managementPort, "/actuator/health").statusCode())
          .as("Actuator still serves").isEqualTo(200);
      for (String path : List.of(PPROF, PPROF + "heap", PPROF + "goroutine?debug=1")) {
        assertThat(RunningJar.get(jar.managementPort, path).statusCode())
            .as("%s on the management port", path).isEqualTo(404);
        assertThat(RunningJar.get(jar.appPort, path).statusCode())
            .as("%s on the application port", path).isEqualTo(404);
      }
    }
  }

  @Test
  void jpprofPathMovesItBesideActuatorsEndpoints() throws Exception {
    GoPprof.findGo();
    try (RunningJar jar = RunningJar.start("jpprof-path", "--jpprof.path=/actuator/pprof")) {
      String goroutines = GoPprof.run("-top", jar.managementUrl("/actuator/pprof/goroutine")).ok();
      assertThat(goroutines).contains("Type: goroutine", "org.apache.tomcat.util.net.Acceptor.run");
      assertThat(RunningJar.get(jar.managementPort, "/actuator/pprof/").body())
          .as("the index page's links are relative to the mount").contains("href=\"goroutine?debug=2\"");
      HttpResponse<String> bare = RunningJar.get(jar.managementPort, "/actuator/pprof");
      assertThat(bare.statusCode()).as("Go's redirect to the index").isEqualTo(301);
      assertThat(bare.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/actuator/pprof/"));
      assertThat(RunningJar.get(jar.managementPort, "/actuator/health").statusCode()).isEqualTo(200);
      assertThat(RunningJar.get(jar.managementPort, PPROF).statusCode())
          .as("no longer at " + PPROF).isEqualTo(404);
    }
  }

  /** {@code go tool pprof -traces url} while two clients call the app's {@code /hello} in a loop. */
  private static String cpuProfileUnderLoad(RunningJar jar, String url) throws InterruptedException {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong served = new AtomicLong();
    List<Thread> clients = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Thread t = new Thread(() -> {
        while (!stop.get()) {
          try {
            if (RunningJar.get(jar.appPort, "/hello").statusCode() == 200) {
              served.incrementAndGet();
            }
          } catch (Exception e) {
            return;
          }
        }
      }, "hello-client-" + i);
      t.setDaemon(true);
      t.start();
      clients.add(t);
    }
    String top;
    try {
      top = GoPprof.run("-traces", url).ok();
    } finally {
      stop.set(true);
      for (Thread t : clients) {
        t.join(15_000);
      }
    }
    assertThat(served.get()).as("requests served during the profile").isPositive();
    return top;
  }
}
