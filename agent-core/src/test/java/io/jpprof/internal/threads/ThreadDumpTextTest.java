package io.jpprof.internal.threads;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class ThreadDumpTextTest {
  private static final long S = 1_000_000_000L;

  @Test
  void underAMinuteIsSecondsWithOneDecimal() {
    Locale saved = Locale.getDefault();
    Locale.setDefault(Locale.ROOT);
    try {
      assertThat(ThreadDumpText.duration(12_300_000_000L)).isEqualTo("12.3 s");
      assertThat(ThreadDumpText.duration(0)).isEqualTo("0.0 s");
      assertThat(ThreadDumpText.duration(S / 2)).isEqualTo("0.5 s");
      assertThat(ThreadDumpText.duration(59 * S)).isEqualTo("59.0 s");
    } finally {
      Locale.setDefault(saved);
    }
  }

  @Test
  void aMinuteOrMoreIsWholeMinutes() {
    assertThat(ThreadDumpText.duration(60 * S)).isEqualTo("1 minute");
    assertThat(ThreadDumpText.duration(119 * S)).isEqualTo("1 minute");
    assertThat(ThreadDumpText.duration(120 * S)).isEqualTo("2 minutes");
    assertThat(ThreadDumpText.duration(5 * 60 * S + 59 * S)).isEqualTo("5 minutes");
    assertThat(ThreadDumpText.duration(90 * 60 * S)).isEqualTo("90 minutes");
  }

  @Test
  void secondsDoNotDependOnTheDefaultLocale() {
    Locale saved = Locale.getDefault();
    Locale.setDefault(Locale.GERMANY);
    try {
      assertThat(ThreadDumpText.duration(12_300_000_000L)).isEqualTo("12.3 s");
    } finally {
      Locale.setDefault(saved);
    }
  }
}
