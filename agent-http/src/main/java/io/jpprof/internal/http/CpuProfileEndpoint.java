package io.jpprof.internal.http;

import io.jpprof.internal.Collectors;
import io.jpprof.internal.cpu.CpuHistory;
import io.jpprof.internal.cpu.CpuProfiler;
import io.jpprof.internal.profile.ProfileView;
import java.time.Duration;

/**
 * {@code <prefix>/profile}: a CPU profile of the next {@code seconds} (default 30), as Go's {@code
 * pprof.Profile} serves it. {@code seconds} is parsed as Go does: anything that is not a
 * positive integer means 30. Only one CPU profile runs at a time in the process; a second request
 * gets Go's 500 {@code Could not enable CPU profiling: cpu profiling already in use}.
 *
 * <p>Extensions: {@code hz} sets the sampling rate (at most 1000; {@code hz=100} is Go's rate).
 * Without it, or when it is not a positive integer, the rate is {@link CpuProfiler#defaultHz()}:
 * 50 Hz with CPU-time samples, 25 Hz with execution samples, so that a profile costs about 1 %.
 * {@code bythread=1} puts each thread's name at the root of its stacks ({@link Query#view}).
 *
 * <p>Unlike Go, the response starts at once: the headers and an empty gzip member (20 bytes) are
 * sent when the profile starts, and another empty member every second while it runs; the profile
 * itself is the last member. gzip readers (Go's, pprof's, {@code GZIPInputStream}, {@code gzip -d})
 * read concatenated members as one stream, and empty members add nothing to it. A client that goes
 * away ends the profile at once ({@link Waits#sleep}), and its JFR recording is closed.
 *
 * <p>{@code history=1} answers at once for the last {@code seconds} instead, from the samples kept
 * while {@code jpprof.history} is set ({@link HistoryReply}, {@link CpuHistory}); {@code hz} does
 * not apply there.
 */
final class CpuProfileEndpoint implements Endpoint {
  private static final long DEFAULT_SECONDS = 30;
  private final Collectors collectors;

  CpuProfileEndpoint(Collectors collectors) {
    this.collectors = collectors;
  }

  @Override
  public boolean isLong(Query query) {
    return true;
  }

  @Override
  public boolean needsJfr(String name) {
    return true;
  }

  @Override
  public void serve(Exchange exchange, String name, Query query) throws Exception {
    long duration = query.seconds(DEFAULT_SECONDS);
    if (query.history()) {
      HistoryReply.serve(exchange, "profile", query.view(), () -> collectors.cpuHistory().profile(Duration.ofSeconds(duration)));
      return;
    }
    int hz = query.hz();
    ProfileView view = query.view();
    CpuProfiler.Session session;
    try {
      session = collectors.cpu().start(hz <= 0 ? CpuProfiler.defaultHz() : hz);
    } catch (IllegalStateException e) {
      GoResponses.serveError(exchange, 500, "Could not enable CPU profiling: " + e.getMessage());
      return;
    }
    try (session) {
      Waits.serveWindow(exchange, "profile", duration, () -> view.apply(session.stop()));
    }
  }
}
