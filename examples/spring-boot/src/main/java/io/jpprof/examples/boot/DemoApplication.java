package io.jpprof.examples.boot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring Boot 3 application on embedded Tomcat: the app on {@code server.port} (8080), Actuator
 * and jpprof on {@code management.server.port} (8081): {@code go tool pprof
 * http://127.0.0.1:8081/debug/pprof/heap}. jpprof comes from one dependency,
 * jpprof-spring-boot-starter, and {@code jpprof.enabled=true} in {@code application.properties}.
 */
@SpringBootApplication
@RestController
public class DemoApplication {
  /** Where each request's work goes, so the JIT cannot drop it. */
  private volatile long lastChecksum;

  public static void main(String[] args) {
    SpringApplication.run(DemoApplication.class, args);
  }

  /**
   * The application's own endpoint. It does a little work of its own (about a tenth of a
   * millisecond of CPU) so that a CPU profile shows this method under Tomcat's request path, not
   * only the framework around it.
   */
  @GetMapping("/hello")
  public String hello() {
    lastChecksum = checksum(100_000);
    return "hello";
  }

  static long checksum(int rounds) {
    long h = 1125899906842597L;
    for (int i = 0; i < rounds; i++) {
      h = 31 * h + (i ^ (h >>> 7));
    }
    return h;
  }
}
