package io.jpprof.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpprof.Profile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code <prefix>/ui/}: pages, assets, headers, routing and escaping, over plain HTTP. */
class UiEndpointTest {
  @RegisterExtension static final TestServer SERVER = new TestServer();

  @Test
  void pageIsHtmlUnderAStrictPolicyWithNoInlineScript() throws IOException {
    RawHttp.Response r = SERVER.http().get("/debug/pprof/ui/heap?sample=alloc_space");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
    assertThat(r.header("Content-Security-Policy")).isEqualTo("default-src 'self'");
    assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
    String page = r.text();
    assertThat(page).contains("<script src=\"assets/viewer.js\"></script>")
        .contains("<link rel=\"stylesheet\" href=\"assets/viewer.css\">")
        .contains("data-profile=\"heap\"").contains("data-root=\"../\"")
        .contains("<option value=\"heap\" selected>heap</option>")
        .contains("<option value=\"profile\">profile</option>");
    assertThat(page.split("<script", -1)).hasSize(2);
    String markup = page.replaceAll("<option[^>]*>[^<]*</option>", "");
    assertThat(markup).doesNotContainPattern("(?i)\\son[a-z]+=").doesNotContain("style=").doesNotContain("<style")
        .doesNotContain("http://").doesNotContain("https://");
  }

  @Test
  void assetsComeFromTheJar() throws IOException {
    RawHttp.Response js = SERVER.http().get("/debug/pprof/ui/assets/viewer.js");
    assertThat(js.status()).isEqualTo(200);
    assertThat(js.header("Content-Type")).isEqualTo("text/javascript; charset=utf-8");
    String code = js.text();
    assertThat(code).contains("DecompressionStream").doesNotContain("innerHTML").doesNotContain("eval(")
        .doesNotContain("http://").doesNotContain("https://");
    RawHttp.Response css = SERVER.http().get("/debug/pprof/ui/assets/viewer.css");
    assertThat(css.status()).isEqualTo(200);
    assertThat(css.header("Content-Type")).isEqualTo("text/css; charset=utf-8");
    assertThat(css.text()).doesNotContain("url(").doesNotContain("@import");
    assertThat(SERVER.http().get("/debug/pprof/ui/assets/other.js").status()).isEqualTo(404);
    assertThat(js.body().length + css.body().length).isLessThan(40_000);
  }

  @Test
  void listsProfilesAndRedirectsTheBarePath() throws IOException {
    RawHttp.Response r = SERVER.http().get("/debug/pprof/ui");
    assertThat(r.status()).isEqualTo(301);
    assertThat(r.header("Location")).isEqualTo("/debug/pprof/ui/");
    String page = SERVER.http().get("/debug/pprof/ui/").text();
    assertThat(page).contains("<li><a href=\"goroutine\">goroutine</a></li>")
        .contains("<li><a href=\"profile\">profile</a></li>").contains("data-profile=\"\"");
    assertThat(SERVER.http().get("/debug/pprof/").text()).contains("<a href=\"ui/\">");
  }

  @Test
  void unknownProfileIsGosNotFound() throws IOException {
    RawHttp.Response r = SERVER.http().get("/debug/pprof/ui/nosuch");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.text()).isEqualTo("Unknown profile\n");
  }

  @Test
  void namesWithMarkupAreEscapedAndDeepNamesGetRelativeLinks() throws IOException {
    String name = "ui.test/<img src=x onerror=alert(1)>";
    if (Profile.lookup(name) == null) {
      Profile.newProfile(name).add(new Object(), 0);
    }
    String page = SERVER.http().get("/debug/pprof/ui/").text();
    assertThat(page).contains("ui.test/&lt;img src=x onerror=alert(1)&gt;").doesNotContain("<img");
    RawHttp.Response deep = SERVER.http().get("/debug/pprof/ui/ui.test/%3Cimg%20src=x%20onerror=alert(1)%3E");
    assertThat(deep.status()).isEqualTo(200);
    assertThat(deep.text()).contains("<script src=\"../assets/viewer.js\"></script>")
        .contains("data-root=\"../../\"").doesNotContain("<img");
  }

  @Test
  void followsTheServersPrefix() throws IOException {
    try (Pprof.Server s = Pprof.builder().port(0).pathPrefix("/admin/pprof").start()) {
      RawHttp http = new RawHttp(s.port());
      RawHttp.Response r = http.get("/admin/pprof/ui/goroutine");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.text()).contains("<title>goroutine · /admin/pprof/</title>");
      assertThat(http.get("/admin/pprof/ui/assets/viewer.js").status()).isEqualTo(200);
      assertThat(http.get("/debug/pprof/ui/").status()).isEqualTo(404);
      assertThat(new String(http.get("/admin/pprof/ui").body(), StandardCharsets.UTF_8)).contains("/admin/pprof/ui/");
    }
  }
}
