package io.jpprof.http;

import io.jpprof.internal.http.DeltaSource;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpprof.fixtures.PprofValidator;
import io.jpprof.internal.profile.Frame;
import io.jpprof.internal.profile.ProfileData;
import io.jpprof.internal.profile.Sample;
import io.jpprof.internal.profile.Stack;
import io.jpprof.proto.ProfileProto;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code <prefix>/<name>}: lookup, debug parsing, headers, and the seconds (delta) checks. */
class NamedProfileTest {
  private static final String INVALID_SECONDS = "invalid value for \"seconds\" - must be a positive integer\n";
  private static final String NOT_SUPPORTED = "\"seconds\" parameter is not supported for this profile type\n";

  @RegisterExtension static final TestServer SERVER = new TestServer();

  @BeforeAll
  static void start() {
    TestProfiles.register();
  }


  @Test
  void binaryGoroutineProfileIsAnAttachedGzip() throws IOException {
    RawHttp.Response r = SERVER.http().get("/debug/pprof/goroutine");
    assertBinary(r, "goroutine");
  }

  @ParameterizedTest
  @ValueSource(strings = {"debug=0", "debug=abc", "debug=", "debug=1.0", "debug=%201", "debug=true", "gc=1", "x=1;debug=1"})
  void debugThatAtoiRejectsOrZeroIsBinary(String query) throws IOException {
    assertBinary(SERVER.http().get("/debug/pprof/goroutine?" + query), "goroutine");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"debug=1", "debug=%2B1", "debug=1&debug=0", "a=b&debug=1"})
  void nonZeroDebugIsText(String query) throws IOException {
    RawHttp.Response r = SERVER.http().get("/debug/pprof/goroutine?" + query);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
    assertThat(r.header("Content-Disposition")).isNull();
    assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(r.text()).startsWith("goroutine profile: total ");
  }

  /** Go: Content-Type by debug != 0, but count profiles write proto for any debug <= 0. */
  @ParameterizedTest
  @ValueSource(strings = {"goroutine", "threadcreate", "example.com/custom"})
  void negativeDebugIsProtoUnderATextContentTypeAsInGo(String name) throws IOException {
    TestProfiles.register();
    for (String debug : new String[] {"-1", "-99999999999999999999"}) {
      RawHttp.Response r = SERVER.http().get("/debug/pprof/" + name + "?debug=" + debug);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
      assertThat(r.header("Content-Disposition")).isNull();
      PprofValidator.parse(r.body());
    }
  }

  @Test
  void onlyTheFirstDebugValueCounts() throws IOException {
    assertBinary(SERVER.http().get("/debug/pprof/goroutine?debug=0&debug=1"), "goroutine");
  }

  @Test
  void debugTwoIsTheThreadDump() throws IOException {
    RawHttp.Response r = SERVER.http().get("/debug/pprof/goroutine?debug=2");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
    assertThat(r.text()).doesNotStartWith("goroutine profile: total ").isNotEmpty();
  }

  @Test
  void customProfileWithSlashInItsName() throws IOException {
    RawHttp.Response text = SERVER.http().get("/debug/pprof/example.com/custom?debug=1");
    assertThat(text.status()).isEqualTo(200);
    assertThat(text.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
    assertThat(text.text()).startsWith("example.com/custom profile: total ");

    assertBinary(SERVER.http().get("/debug/pprof/example.com/custom"), "example.com/custom");
  }

  @Test
  void escapedNamesAreDecodedBeforeLookup() throws IOException {
    RawHttp.Response r = SERVER.http().get("/debug/pprof/example.com%2Fcustom?debug=1");
    assertThat(r.text()).startsWith("example.com/custom profile: total ");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "goroutine/", "Goroutine", "profile/", "heap/", "trace/",
        "cmdline/x", "symbol/", "example.com", "nosuch?seconds=abc", "nosuch?debug=1"
      })
  void unknownProfilesAreGoErrors(String name) throws IOException {
    RawHttp.Response r = SERVER.http().get("/debug/pprof/" + name);
    assertGoError(r, 404, "Unknown profile\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "0", "-1", "1.5", "%201", "1e3", "99999999999999999999", "0x10"})
  void secondsMustBeAPositiveInteger(String seconds) throws IOException {
    assertGoError(SERVER.http().get("/debug/pprof/goroutine?seconds=" + seconds), 400, INVALID_SECONDS);
    assertGoError(SERVER.http().get("/debug/pprof/example.com/custom?seconds=" + seconds), 400, INVALID_SECONDS);
    assertGoError(SERVER.http().get("/debug/pprof/goroutine?debug=1&seconds=" + seconds), 400, INVALID_SECONDS);
  }

  @Test
  void emptySecondsIsAbsent() throws IOException {
    assertBinary(SERVER.http().get("/debug/pprof/goroutine?seconds="), "goroutine");
  }

  @ParameterizedTest
  @ValueSource(strings = {"example.com/custom?seconds=1", "example.com/custom?seconds=%2B5&debug=1"})
  void validSecondsIsNotSupportedOnCustomProfiles(String target) throws IOException {
    assertGoError(SERVER.http().get("/debug/pprof/" + target), 400, NOT_SUPPORTED);
  }

  @Test
  void deltaChecksRunInGoOrder() throws IOException {
    AtomicLong snapshots = new AtomicLong();
    DeltaSource fake =
        FakeDeltas.of(profile -> ProfileData.countProfile(profile.name())
            .add(new Sample(Stack.of(List.of(Frame.of("com.example.A", "run", "A.java", 1))), snapshots.incrementAndGet()))
            .build());
    try (Pprof.Server withDeltas = Pprof.builder().port(0).deltas(fake).start()) {
      RawHttp client = new RawHttp(withDeltas.port());
      assertGoError(client.get("/debug/pprof/goroutine?seconds=0&debug=1"), 400, INVALID_SECONDS);
      assertGoError(client.get("/debug/pprof/example.com/custom?seconds=1&debug=1"), 400, NOT_SUPPORTED);
      for (String debug : new String[] {"abc", "00", "+0", "%20", "1.0"}) { // Go: Atoi fails or is 0
        assertThat(client.get("/debug/pprof/goroutine?seconds=1&debug=" + debug).status()).isEqualTo(200);
      }
      for (String debug : new String[] {"1", "-1", "%2B1", "007"}) {
        assertGoError(
            client.get("/debug/pprof/goroutine?seconds=1&debug=" + debug),
            400,
            "seconds and debug params are incompatible\n");
      }
      snapshots.set(0);
      RawHttp.Response r = client.get("/debug/pprof/goroutine?seconds=2&debug=0");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("Content-Type")).isEqualTo("application/octet-stream");
      assertThat(r.header("Content-Disposition")).isEqualTo("attachment; filename=\"goroutine-delta\"");
      ProfileProto.Profile delta = PprofValidator.parse(r.body());
      assertThat(delta.getSampleList()).singleElement().satisfies(s -> assertThat(s.getValue(0)).as("2 - 1").isEqualTo(1));
      assertThat(delta.getDurationNanos()).isGreaterThanOrEqualTo(2_000_000_000L);
    }
  }

  @Test
  void failingDeltaIsGoCollectError() throws IOException {
    DeltaSource failing =
        FakeDeltas.of(profile -> {
          throw new IOException("boom");
        });
    try (Pprof.Server withDeltas = Pprof.builder().port(0).deltas(failing).start()) {
      assertGoError(
          new RawHttp(withDeltas.port()).get("/debug/pprof/goroutine?seconds=1"), 500, "failed to collect profile\n");
    }
  }

  static void assertBinary(RawHttp.Response r, String filename) {
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).isEqualTo("application/octet-stream");
    assertThat(r.header("Content-Disposition")).isEqualTo("attachment; filename=\"" + filename + "\"");
    assertThat(r.header("Content-Encoding")).isNull();
    assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(r.body()).hasSizeGreaterThan(2);
    assertThat(r.body()[0]).isEqualTo((byte) 0x1f);
    assertThat(r.body()[1]).isEqualTo((byte) 0x8b);
  }

  static void assertGoError(RawHttp.Response r, int status, String body) {
    assertThat(r.status()).isEqualTo(status);
    assertThat(r.text()).isEqualTo(body);
    assertThat(r.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
    assertThat(r.header("X-Go-Pprof")).isEqualTo("1");
    assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(r.header("Content-Disposition")).isNull();
  }
}
