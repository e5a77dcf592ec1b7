package io.jpprof.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expected values are what Go's path.Clean, the mux's cleanPath and net/url produce. */
class GoUrlTest {
  @ParameterizedTest
  @CsvSource({
    "'', .", "., .", "/, /", "//, /", "a/b, a/b", "a//b, a/b", "a/./b, a/b", "a/../b, b", "a/b/.., a",
    "../a, ../a", "../../a/.., ../..", "/.., /", "/../a, /a", "/a/b/../../.., /", "a/.., .", "abc/, abc",
    "/debug/pprof/, /debug/pprof"
  })
  void clean(String in, String expected) {
    assertThat(GoUrl.clean(in)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "'', /", "/, /", "a, /a", "/debug/pprof/, /debug/pprof/", "/debug//pprof/, /debug/pprof/",
    "/debug/pprof/., /debug/pprof", "/debug/pprof/./, /debug/pprof/", "/a/b/../, /a/", "/../, /"
  })
  void cleanPathKeepsTrailingSlash(String in, String expected) {
    assertThat(GoUrl.cleanPath(in)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "goroutine, debug=1, goroutine?debug=1",
    "example.com/custom, debug=1, example.com/custom?debug=1",
    "a:b/c, debug=1, ./a:b/c?debug=1",
    "a/b:c, debug=1, a/b:c?debug=1",
    "'x y?#%''\"<>!*()', debug=1, x%20y%3F%23%25%27%22%3C%3E%21%2A%28%29?debug=1",
    "'$&+,;=@~-_.', debug=1, '$&+,;=@~-_.?debug=1'",
    "é, debug=1, %C3%A9?debug=1",
    "/debug/pprof/, '', /debug/pprof/",
  })
  void relativeUrl(String path, String query, String expected) {
    assertThat(GoUrl.relativeUrl(path, query)).isEqualTo(expected);
  }

  @Test
  void queryUnescape() {
    assertThat(GoUrl.queryUnescape("a+b%20c%2b")).isEqualTo("a b c+");
    assertThat(GoUrl.queryUnescape("%C3%A9")).isEqualTo("é");
    assertThat(GoUrl.queryUnescape("%")).isNull();
    assertThat(GoUrl.queryUnescape("%2")).isNull();
    assertThat(GoUrl.queryUnescape("%zz")).isNull();
    assertThat(GoUrl.queryUnescape("plain")).isEqualTo("plain");
  }

  @Test
  void queryKeepsFirstValueAndSkipsBadPairs() {
    Query q = Query.parse("debug=1&debug=2&a;b=3&bad=%zz&seconds&gc=%2B1&=x&&k=v=w");
    assertThat(q.get("debug")).isEqualTo("1");
    assertThat(q.get("a;b")).isEmpty();
    assertThat(q.get("b")).isEmpty();
    assertThat(q.get("bad")).isEmpty();
    assertThat(q.get("seconds")).isEmpty();
    assertThat(q.get("gc")).isEqualTo("+1");
    assertThat(q.get("")).isEqualTo("x");
    assertThat(q.get("k")).isEqualTo("v=w");
    assertThat(q.get("absent")).isEmpty();
    assertThat(Query.parse(null).get("debug")).isEmpty();
  }
}
