package io.jpprof.examples.boot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring Boot 3 application on embedded Tomcat: the app on {@code server.port} (8080), Actuator
 * and jpprof on {@code management.server.port} (8081): {@code go tool pprof
 * http://127.0.0.1:8081/debug/pprof/heap}. jpprof is registered by {@code io.jpprof.examples.management.PprofManagementConfiguration}.
 */
@SpringBootApplication
@RestController
public class DemoApplication {
  public static void main(String[] args) {
    SpringApplication.run(DemoApplication.class, args);
  }

  /** The application's own endpoint. */
  @GetMapping("/hello")
  public String hello() {
    return "hello";
  }
}
