package io.jpprof.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The contract package must stay usable without Undertow (the servlet door ships without it). */
class NoUndertowInContractTest {
  @Test
  void noContractSourceImportsUndertowOrXnio() throws IOException {
    Path dir = Path.of("src/main/java/io/jpprof/internal/http");
    try (Stream<Path> files = Files.list(dir)) {
      files.forEach(f -> {
        try {
          assertThat(Files.readString(f)).as(f.toString()).doesNotContain("io.undertow").doesNotContain("org.xnio");
        } catch (IOException e) {
          throw new AssertionError(e);
        }
      });
    }
  }
}
