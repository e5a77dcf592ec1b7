package io.jpprof.examples.boot2;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring Boot 2.7 application (javax.servlet, Tomcat 9): the app on {@code server.port}, Actuator
 * and jpprof on {@code management.server.port}. jpprof is registered by {@code
 * io.jpprof.examples.boot2management.PprofManagementConfiguration}.
 */
@SpringBootApplication
@RestController
public class Boot2Application {
  public static void main(String[] args) {
    SpringApplication.run(Boot2Application.class, args);
  }

  /** The application's own endpoint. */
  @GetMapping("/hello")
  public String hello() {
    return "hello";
  }
}
