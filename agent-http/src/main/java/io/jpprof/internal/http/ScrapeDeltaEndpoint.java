package io.jpprof.internal.http;

import io.jpprof.Profile;
import io.jpprof.internal.Collectors;
import io.jpprof.internal.profile.DeltaScraper;
import io.jpprof.internal.profile.ProfileSource;
import io.jpprof.internal.profile.ProtoWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code <prefix>/delta_heap}, {@code delta_block}, {@code delta_mutex}: the paths of Grafana's
 * godeltaprof, which continuous profilers (Grafana Alloy's {@code pyroscope.scrape}) scrape
 * periodically. Each request returns what happened in the profile since the previous request to
 * the same path on this server (the first: everything so far), with godeltaprof's semantics: the
 * {@code alloc_*}, {@code contentions} and {@code delay} values are the increase since the
 * previous scrape, the {@code inuse_*} values of the heap are absolute (see {@link DeltaScraper}).
 *
 * <p>Concurrent scrapers of one path share one baseline: scrapes are serialized and each one
 * reports what happened since the previous scrape by anyone, so every event is reported once.
 *
 * <p>As in godeltaprof: always the gzip proto, as an attachment named {@code <profile>.pprof.gz};
 * {@code debug} and {@code seconds} are ignored; on {@code delta_heap}, {@code gc} greater than 0
 * runs a full GC first; {@code types=1} and {@code bythread=1} show classes and threads as frames
 * ({@link Query#view}), so a scraper can ask for the allocated types. While the profile ({@code heap}, {@code block} or {@code mutex}) is not
 * registered, the path answers 404 {@code Unknown profile}. These paths are not on the index page.
 * {@code gc=1} is rate-limited as on {@code heap}.
 */
public final class ScrapeDeltaEndpoint implements Endpoint {
  private static final Logger log = LoggerFactory.getLogger(ScrapeDeltaEndpoint.class);

  private final String profileName;
  private final DeltaScraper scraper = new DeltaScraper();
  private final Limits limits;

  /** The endpoint {@code delta_<profileName>}. */
  private final Collectors collectors;

  public ScrapeDeltaEndpoint(Collectors collectors, String profileName, Limits limits) {
    this.collectors = collectors;
    this.profileName = profileName;
    this.limits = limits;
  }

  @Override
  public boolean collects() {
    return true;
  }

  @Override
  public boolean needsJfr(String name) {
    return true;
  }

  @Override
  public void serve(Exchange exchange, String name, Query query) {
    Profile profile = Profile.lookup(profileName);
    if (profile == null) {
      GoResponses.serveError(exchange, 404, "Unknown profile");
      return;
    }
    if (profileName.equals("heap") && GoStrconv.atoi(query.get("gc")) > 0) {
      if (!NamedProfileEndpoint.forcedGcAllowed(exchange, limits, collectors)) {
        return;
      }
      System.gc();
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    try {
      ProfileSource source = collectors.profiles().source(profileName);
      // the scraper's baseline is the profile as recorded, so scrapes with different views share it
      ProtoWriter.write(query.view().apply(scraper.scrape(source::collect)), body);
    } catch (IOException | RuntimeException e) {
      log.warn("pprof: cannot collect profile {} for {}", profileName, name, e);
      GoResponses.serveError(exchange, 500, "failed to collect profile");
      return;
    }
    exchange.setHeader("Content-Disposition", "attachment; filename=\"" + profileName + ".pprof.gz\"");
    GoResponses.send(exchange, 200, GoResponses.BINARY, body.toByteArray());
  }

  @Override
  public boolean listed() {
    return false;
  }
}
