package io.jpprof.internal.text;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

/** Reads the Go-generated ground truth under {@code src/test/resources/io/jpprof/internal/text}. */
final class GoldenFiles {
  private GoldenFiles() {}

  static byte[] bytes(String name) {
    try (InputStream in = GoldenFiles.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String text(String name) {
    return new String(bytes(name), StandardCharsets.UTF_8);
  }

  static List<String> lines(String name) {
    return text(name).lines().toList();
  }

  /** The UTF-8 string of a hex dump; {@code -} stands for the empty string. */
  static String unhex(String hex) {
    return hex.equals("-") ? "" : new String(HexFormat.of().parseHex(hex), StandardCharsets.UTF_8);
  }
}
