package io.jpprof.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Single-flight collections through the contract ({@link PprofHandler}) with an in-memory
 * exchange: identical requests share one collection started after they arrived, each gets the
 * same bytes, failures are shared as Go-style text, and the bound on waiting requests answers 503.
 */
class SharedCollectionsTest {
  /** An endpoint that collects; the test lets each collection end (per debug value). */
  static final class GatedEndpoint implements Endpoint {
    final Map<Integer, Semaphore> gates = new ConcurrentHashMap<>();
    final Semaphore started = new Semaphore(0);
    final AtomicInteger collections = new AtomicInteger();
    volatile boolean fail;

    @Override
    public void serve(Exchange exchange, String name, Query query) throws Exception {
      int n = collections.incrementAndGet();
      started.release();
      if (!gate(GoStrconv.atoi(query.get("debug"))).tryAcquire(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("gate not opened");
      }
      if (fail) {
        throw new IllegalStateException("boom");
      }
      GoResponses.send(exchange, 200, GoResponses.TEXT,
          (name + " debug=" + query.get("debug") + " collection " + n).getBytes(StandardCharsets.UTF_8));
    }

    Semaphore gate(int debug) {
      return gates.computeIfAbsent(debug, d -> new Semaphore(0));
    }

    @Override
    public boolean collects() {
      return true;
    }

    @Override
    public String sharedKey(String name, Query query) {
      return name + "?debug=" + GoStrconv.atoi(query.get("debug"));
    }
  }

  @Test
  void identicalRequestsShareOneCollectionThatStartedAfterThem() throws Exception {
    GatedEndpoint slow = new GatedEndpoint();
    try (PprofHandler handler = handler(slow)) {
      FakeExchange first = request(handler, "/debug/pprof/slow");
      assertThat(slow.started.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
      // arrive while collection 1 runs: they must wait for a collection that starts after them
      List<FakeExchange> later = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        later.add(request(handler, "/debug/pprof/slow" + (i % 2 == 0 ? "" : "?debug=0")));
      }
      FakeExchange other = request(handler, "/debug/pprof/slow?debug=1");
      assertThat(slow.started.tryAcquire(10, TimeUnit.SECONDS)).as("debug=1 collects on its own").isTrue();
      assertThat(first.done.getCount()).isEqualTo(1);

      slow.gate(1).release();
      assertThat(other.await()).isEqualTo("slow debug=1 collection 2");
      slow.gate(0).release(); // collection 1 ends, collection 3 starts for those that came later
      assertThat(first.await()).isEqualTo("slow debug= collection 1");
      assertThat(slow.started.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
      assertThat(later.get(0).done.getCount()).as("waits for its own collection").isEqualTo(1);
      slow.gate(0).release();
      for (FakeExchange e : later) {
        assertThat(e.await()).isEqualTo("slow debug= collection 3");
        assertThat(e.status).isEqualTo(200);
        assertThat(e.headers).containsEntry("Content-Type", GoResponses.TEXT)
            .containsEntry("X-Content-Type-Options", "nosniff");
      }
      assertThat(slow.collections).hasValue(3);
      // an idle key is forgotten: the next request collects anew
      FakeExchange again = request(handler, "/debug/pprof/slow");
      slow.gate(0).release();
      assertThat(again.await()).isEqualTo("slow debug= collection 4");
    }
  }

  @Test
  void aFailedCollectionIsEverySharersGoStyleError() throws Exception {
    GatedEndpoint slow = new GatedEndpoint();
    slow.fail = true;
    try (PprofHandler handler = handler(slow)) {
      FakeExchange first = request(handler, "/debug/pprof/slow");
      assertThat(slow.started.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
      FakeExchange second = request(handler, "/debug/pprof/slow");
      FakeExchange third = request(handler, "/debug/pprof/slow");
      slow.gate(0).release(2);
      String expected = "jpprof: /debug/pprof/slow: java.lang.IllegalStateException: boom\n";
      for (FakeExchange e : List.of(first, second, third)) {
        assertThat(e.await()).isEqualTo(expected);
        assertThat(e.status).isEqualTo(500);
        assertThat(e.headers).containsEntry("X-Go-Pprof", "1");
      }
      assertThat(slow.collections).hasValue(2);
    }
  }

  @Test
  void beyondTheBoundOnWaitingRequestsAnswers503AndTheWaitingOnesAreServed() throws Exception {
    GatedEndpoint slow = new GatedEndpoint();
    try (PprofHandler handler = handler(slow)) {
      List<FakeExchange> waiting = new ArrayList<>();
      waiting.add(request(handler, "/debug/pprof/slow"));
      assertThat(slow.started.tryAcquire(10, TimeUnit.SECONDS)).isTrue(); // the rest wait for the next one
      for (int i = 1; i < Limits.MAX_WAITING_COLLECTIONS; i++) {
        waiting.add(request(handler, "/debug/pprof/slow"));
      }
      FakeExchange refused = request(handler, "/debug/pprof/slow");
      assertThat(refused.await()).isEqualTo(
          "jpprof: too many profile requests waiting (at most 256); try again shortly\n");
      assertThat(refused.status).isEqualTo(503);
      assertThat(refused.headers).containsEntry("Retry-After", "1");
      slow.gate(0).release(2);
      for (FakeExchange e : waiting) {
        assertThat(e.await()).startsWith("slow debug= collection ");
      }
      assertThat(slow.collections).hasValue(2);
      FakeExchange after = request(handler, "/debug/pprof/slow");
      slow.gate(0).release();
      assertThat(after.await()).isEqualTo("slow debug= collection 3");
    }
  }

  private static PprofHandler handler(Endpoint slow) {
    Map<String, Endpoint> extra = new LinkedHashMap<>();
    extra.put("slow", slow);
    return new PprofHandler(PprofOptions.DEFAULTS, io.jpprof.internal.Collectors.process(), DeltaSource.NONE, extra);
  }

  private static FakeExchange request(PprofHandler handler, String target) {
    FakeExchange e = new FakeExchange(target);
    handler.handle(e, "/debug/pprof");
    return e;
  }

  /** A GET in memory; runLater hands the task to the executor, as the servlet door does. */
  static final class FakeExchange implements Exchange {
    final String path;
    final String query;
    final Map<String, String> headers = new LinkedHashMap<>();
    final ByteArrayOutputStream body = new ByteArrayOutputStream();
    final CountDownLatch done = new CountDownLatch(1);
    volatile int status;
    volatile boolean committed;
    volatile boolean aborted;

    FakeExchange(String target) {
      int q = target.indexOf('?');
      this.path = q < 0 ? target : target.substring(0, q);
      this.query = q < 0 ? null : target.substring(q + 1);
    }

    String await() throws InterruptedException {
      assertThat(done.await(30, TimeUnit.SECONDS)).as("answered").isTrue();
      assertThat(aborted).isFalse();
      return body.toString(StandardCharsets.UTF_8);
    }

    @Override
    public String method() {
      return "GET";
    }

    @Override
    public String path() {
      return path;
    }

    @Override
    public String header(String name) {
      return name.equalsIgnoreCase("Host") ? "127.0.0.1" : null;
    }

    @Override
    public String remoteAddress() {
      return "127.0.0.1:1";
    }

    @Override
    public String rawPath() {
      return path;
    }

    @Override
    public String rawQuery() {
      return query;
    }

    @Override
    public InputStream requestBody() {
      return InputStream.nullInputStream();
    }

    @Override
    public void setHeader(String name, String value) {
      headers.put(name, value);
    }

    @Override
    public OutputStream commit(int status, long contentLength) throws IOException {
      this.status = status;
      this.committed = true;
      return body;
    }

    @Override
    public boolean committed() {
      return committed;
    }

    @Override
    public void finish() {
      done.countDown();
    }

    @Override
    public void abort() {
      aborted = true;
      done.countDown();
    }

    @Override
    public boolean clientGone() {
      return false;
    }

    @Override
    public void runLater(Executor executor, Runnable task) {
      executor.execute(task);
    }
  }
}
