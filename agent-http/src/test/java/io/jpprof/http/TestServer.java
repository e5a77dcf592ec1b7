package io.jpprof.http;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real pprof server on an ephemeral port for one test class:
 * {@code @RegisterExtension static final TestServer SERVER = new TestServer();}. Started before the
 * class's {@code @BeforeAll} methods, closed after its {@code @AfterAll} methods.
 */
final class TestServer implements BeforeAllCallback, AfterAllCallback {
  private Pprof.Server server;
  private RawHttp http;

  @Override
  public void beforeAll(ExtensionContext context) {
    server = Pprof.start(0);
    http = new RawHttp(server.port());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    server.close();
  }

  int port() {
    return server.port();
  }

  /** {@code http://127.0.0.1:<port>/debug/pprof/<path>}. */
  String url(String path) {
    return "http://127.0.0.1:" + server.port() + "/debug/pprof/" + path;
  }

  /** A raw HTTP client for this server. */
  RawHttp http() {
    return http;
  }
}
