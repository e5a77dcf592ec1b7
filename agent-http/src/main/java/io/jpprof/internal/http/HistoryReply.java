package io.jpprof.internal.http;

import io.jpprof.internal.history.HistoryUnavailableException;
import io.jpprof.internal.profile.ProfileData;
import io.jpprof.internal.profile.ProfileView;
import io.jpprof.internal.profile.ProtoWriter;
import java.io.IOException;
import java.io.OutputStream;

/**
 * {@code history=1}: a profile of a window that has already passed, answered at once from the
 * data jpprof keeps ({@code jpprof.history}); 400 with a text saying why when history is off or
 * does not reach back that far. Served for {@code profile}, {@code block} and {@code mutex}.
 */
final class HistoryReply {
  /** The answer of {@code wall?history=1}. */
  static final String NO_WALL_HISTORY = "jpprof: wall-clock history is not kept: it would need a dump of every"
      + " thread's stack many times a second, all the time (a safepoint each); ask wall?seconds=N for the next"
      + " N seconds, or profile, block or mutex with history=1 for the last minutes";
  /** The answer of {@code history=1} on any other profile. */
  static final String ONLY = "jpprof: history is kept for profile, block and mutex only";

  private HistoryReply() {}

  /** Reads a profile from history. */
  interface Read {
    ProfileData read() throws HistoryUnavailableException, IOException;
  }

  /** Serves {@code read}'s profile, shown as {@code view} says, as the gzip proto attachment, or History's 400. */
  static void serve(Exchange exchange, String attachment, ProfileView view, Read read) throws IOException {
    ProfileData profile;
    try {
      profile = read.read();
    } catch (HistoryUnavailableException e) {
      GoResponses.serveError(exchange, 400, e.getMessage());
      return;
    }
    OutputStream out = GoResponses.attachment(exchange, attachment);
    ProtoWriter.write(view.apply(profile), out);
    out.flush();
    exchange.finish();
  }
}
