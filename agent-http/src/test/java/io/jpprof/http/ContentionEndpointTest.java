package io.jpprof.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpprof.fixtures.GoPprof;
import io.jpprof.fixtures.TopReport;
import io.jpprof.fixtures.Waits;
import io.jpprof.internal.Collectors;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code block}, {@code mutex} and {@code threadcreate} over HTTP, in proto and legacy text. */
class ContentionEndpointTest {
  @RegisterExtension static final TestServer SERVER = new TestServer();
  private static String base;

  @BeforeAll
  static void start() throws Exception {
    base = SERVER.url("");
    assertThat(Collectors.process().stream().awaitRunning(Duration.ofSeconds(20))).isTrue();
    Waits.contendOnMonitor(3, 15, 1);
    Waits.startThreads(10);
    assertThat(Collectors.process().stream().awaitFlush(Duration.ofSeconds(10))).isTrue();
  }


  @Test
  void mutexAndBlockLoadInPprofAsProtoAndAsLegacyText() {
    for (String name : new String[] {"mutex", "block"}) {
      TopReport proto = TopReport.parse(GoPprof.run("-top", "-sample_index=delay", base + name).ok());
      assertThat(proto.row(Waits.ENTER_MONITOR)).as(name + "\n" + proto).isNotNull();
      GoPprof.Result legacy = GoPprof.run("-top", "-sample_index=delay", base + name + "?debug=1");
      TopReport text = TopReport.parse(legacy.ok());
      assertThat(text.row(Waits.ENTER_MONITOR)).as(name + " text\n" + legacy.stdout() + legacy.stderr()).isNotNull();
    }
  }

  @Test
  void threadcreateLoadsInPprofAsProtoAndAsLegacyText() {
    TopReport proto = TopReport.parse(GoPprof.run("-top", base + "threadcreate").ok());
    assertThat(proto.row(Waits.START_THREADS).cum()).isGreaterThanOrEqualTo(10);
    TopReport text = TopReport.parse(GoPprof.run("-top", base + "threadcreate?debug=1").ok());
    assertThat(text.row(Waits.START_THREADS).cum()).isGreaterThanOrEqualTo(10);
  }
}
