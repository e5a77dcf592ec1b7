package io.jpprof.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jpprof.fixtures.PprofValidator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.Test;

/** The servlet in Tomcat with no Undertow on the class path (surefire execution without-undertow). */
class NoUndertowTest {
  @Test
  void servesTheContractWithoutUndertow() throws Exception {
    assertThatThrownBy(() -> Class.forName("io.undertow.Undertow")).isInstanceOf(ClassNotFoundException.class);
    Tomcat tomcat = Tomcats.withServlet("", "/debug/pprof/*");
    try {
      String base = "http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + "/debug/pprof/";
      HttpClient client = HttpClient.newHttpClient();
      HttpResponse<String> index = client.send(HttpRequest.newBuilder(URI.create(base)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(index.statusCode()).isEqualTo(200);
      assertThat(index.body()).contains("<title>/debug/pprof/</title>");
      for (String path : new String[] {"goroutine", "heap", "profile?seconds=1", "goroutine?seconds=1"}) {
        HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        PprofValidator.parse(r.body());
      }
    } finally {
      tomcat.stop();
      tomcat.destroy();
    }
  }
}
