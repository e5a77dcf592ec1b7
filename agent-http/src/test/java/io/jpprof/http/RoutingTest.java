package io.jpprof.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Go's mux behaviour: redirects, 404 outside the prefix, 405, HEAD, custom prefix. */
class RoutingTest {
  @RegisterExtension static final TestServer SERVER = new TestServer();



  @ParameterizedTest
  @CsvSource({
    "/debug/pprof, /debug/pprof/",
    "/debug/pprof?debug=1, /debug/pprof/?debug=1",
    "/debug//pprof/goroutine, /debug/pprof/goroutine",
    "/debug/pprof//goroutine?debug=1, /debug/pprof/goroutine?debug=1",
    "/debug/pprof/./cmdline, /debug/pprof/cmdline",
    "/debug/pprof/x/../cmdline, /debug/pprof/cmdline",
    "/debug/pprof/heap/.., /debug/pprof",
    "/debug/pprof/example.com//custom/, /debug/pprof/example.com/custom/",
    "/debug/pprof/../../etc, /etc",
  })
  void uncleanPathsAndBarePrefixRedirectPermanently(String target, String location) throws IOException {
    RawHttp.Response r = SERVER.http().get(target);
    assertThat(r.status()).isEqualTo(301);
    assertThat(r.header("Location")).isEqualTo(location);
    assertThat(r.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
    assertThat(r.text()).isEqualTo("<a href=\"" + location.replace("&", "&amp;") + "\">Moved Permanently</a>.\n\n");
  }

  @Test
  void uncleanPathRedirectsWhateverTheMethod() throws IOException {
    RawHttp.Response r = SERVER.http().send("PUT", "/debug//pprof/goroutine", new byte[0]);
    assertThat(r.status()).isEqualTo(301);
    assertThat(r.header("Location")).isEqualTo("/debug/pprof/goroutine");
    assertThat(r.body()).isEmpty();
  }

  @Test
  void barePrefixWithOtherMethodIsNotAllowed() throws IOException {
    RawHttp.Response r = SERVER.http().send("POST", "/debug/pprof", new byte[0]);
    assertMethodNotAllowed(r, "GET, HEAD");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/", "/debug", "/debug/", "/debug/pprofx", "/debug/pprofx/goroutine", "/foo?debug=1"})
  void pathsOutsideThePrefixAreGoNotFound(String target) throws IOException {
    RawHttp.Response r = SERVER.http().get(target);
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.text()).isEqualTo("404 page not found\n");
    assertThat(r.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
    assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(r.header("X-Go-Pprof")).isNull();
  }

  @ParameterizedTest
  @CsvSource({
    "PUT, /debug/pprof/goroutine, 'GET, HEAD'",
    "POST, /debug/pprof/goroutine, 'GET, HEAD'",
    "DELETE, /debug/pprof/, 'GET, HEAD'",
    "POST, /debug/pprof/cmdline, 'GET, HEAD'",
    "PATCH, /debug/pprof/nosuchprofile, 'GET, HEAD'",
    "PUT, /debug/pprof/symbol, 'GET, HEAD, POST'",
    "OPTIONS, /debug/pprof/symbol, 'GET, HEAD, POST'",
  })
  void otherMethodsAreNotAllowed(String method, String target, String allow) throws IOException {
    assertMethodNotAllowed(SERVER.http().send(method, target, new byte[0]), allow);
  }

  private static void assertMethodNotAllowed(RawHttp.Response r, String allow) {
    assertThat(r.status()).isEqualTo(405);
    assertThat(r.header("Allow")).isEqualTo(allow);
    assertThat(r.text()).isEqualTo("Method Not Allowed\n");
    assertThat(r.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
    assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/debug/pprof/", "/debug/pprof/cmdline", "/debug/pprof/symbol?0x1", "/debug/pprof/goroutine",
        "/debug/pprof/goroutine?debug=1", "/debug/pprof/nosuch", "/debug/pprof/goroutine?seconds=x",
        "/debug/pprof", "/nothing"
      })
  void headAnswersLikeGetWithoutBody(String target) throws IOException {
    RawHttp.Response get = SERVER.http().get(target);
    RawHttp.Response head = SERVER.http().send("HEAD", target, null);
    assertThat(head.status()).isEqualTo(get.status());
    assertThat(head.body()).isEmpty();
    if (target.contains("goroutine") && get.status() == 200) {
      // Thread counts vary between two dumps, so the length may differ.
      assertThat(head.header("Content-Type")).isEqualTo(get.header("Content-Type"));
      assertThat(head.header("Content-Disposition")).isEqualTo(get.header("Content-Disposition"));
      assertThat(head.header("X-Content-Type-Options")).isEqualTo("nosniff");
    } else {
      assertThat(head.stableHeaders()).isEqualTo(get.stableHeaders());
    }
  }

  @Test
  void customPathPrefix() throws IOException {
    try (Pprof.Server custom = Pprof.builder().port(0).pathPrefix("/admin/pprof/").start()) {
      RawHttp client = new RawHttp(custom.port());
      assertThat(custom.url()).isEqualTo("http://127.0.0.1:" + custom.port() + "/admin/pprof/");

      RawHttp.Response index = client.get("/admin/pprof/");
      assertThat(index.status()).isEqualTo(200);
      assertThat(index.text()).startsWith("<html>\n<head>\n<title>/admin/pprof/</title>");
      assertThat(client.get("/admin/pprof/cmdline").status()).isEqualTo(200);
      assertThat(client.get("/admin/pprof/goroutine?debug=1").text()).startsWith("goroutine profile: total ");
      assertThat(client.get("/admin/pprof").header("Location")).isEqualTo("/admin/pprof/");
      assertThat(client.get("/debug/pprof/").text()).isEqualTo("404 page not found\n");
      assertThat(client.get("/admin/pprof/nosuch").text()).isEqualTo("Unknown profile\n");
    }
  }

  @Test
  void rootPathPrefix() throws IOException {
    try (Pprof.Server root = Pprof.builder().port(0).pathPrefix("/").start()) {
      RawHttp client = new RawHttp(root.port());
      assertThat(root.url()).isEqualTo("http://127.0.0.1:" + root.port() + "/");
      assertThat(client.get("/").text()).startsWith("<html>\n<head>\n<title>/</title>");
      assertThat(client.get("/goroutine?debug=1").text()).startsWith("goroutine profile: total ");
    }
  }
}
