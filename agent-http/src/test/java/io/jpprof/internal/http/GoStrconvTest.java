package io.jpprof.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expected values are what Go's strconv returns. */
class GoStrconvTest {
  @ParameterizedTest
  @CsvSource(
      value = {
        "0,0", "1,1", "-1,-1", "+1,1", "007,7", "2147483647,2147483647", "2147483648,2147483647",
        "-2147483649,-2147483648", "99999999999999999999,2147483647", "-99999999999999999999,-2147483648",
        "'',0", "abc,0", "1.0,0", "true,0", "' 1',0", "'1 ',0", "+,0", "-,0", "1_0,0", "0x1,0", "١,0"
      })
  void atoi(String s, int expected) {
    assertThat(GoStrconv.atoi(s)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(
      value = {
        "1,1", "+5,5", "-1,-1", "0,0", "9223372036854775807,9223372036854775807", "9223372036854775808,",
        "'',", "1.5,", "abc,", "' 1',", "0x10,", "1_000,", "1e3,"
      })
  void parseInt10(String s, Long expected) {
    assertThat(GoStrconv.parseInt10(s)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(
      value = {
        "0,0", "10,10", "0x1f,31", "0X1F,31", "017,15", "0o17,15", "0O17,15", "0b101,5", "0B101,5",
        "0x,0", "0b,0", "0o,0", "08,0", "0b2,0", "-1,0", "+1,0", "'',0", "abc,0", "0x1g,0", "' 1',0",
        "1_000,1000", "0x_1f,31", "0_17,15", "_1,0", "1__0,0", "1_,0", "0x1f_,0",
        "18446744073709551615,-1", "18446744073709551616,-1", "0xffffffffffffffff,-1", "0x1ffffffffffffffff,-1",
        "99999999999999999999x,-1", "0x100010,1048592"
      })
  void parseUintBase0(String s, long expected) {
    assertThat(GoStrconv.parseUintBase0(s)).isEqualTo(expected);
  }
}
