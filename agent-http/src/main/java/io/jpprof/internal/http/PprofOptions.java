package io.jpprof.internal.http;

import io.jpprof.PprofConfig;
import java.time.Duration;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The knobs of the pprof contract that every door shares: access control, limits and redaction.
 * The standalone server's builder and the servlet's init parameters fill one of these.
 *
 * @param bearerToken {@code Authorization: Bearer <token>} accepted when not null
 * @param basicUser with {@code basicPassword}, HTTP basic accepted when not null
 * @param authorizer a user's check, accepted when it returns true (when not null)
 * @param loopbackHosts when not null, the server is bound to loopback and only requests whose
 *     {@code Host} is one of these names, a loopback IP or {@code localhost} are served
 *     (DNS-rebinding guard)
 * @param maxLongRequests concurrent long requests ({@code seconds}) beyond which 503 answers
 * @param gcInterval the least time between two forced GCs ({@code gc=1}); zero for no limit
 * @param redactCommandLine whether {@code cmdline} hides the values of secret-looking {@code -D}
 *     properties
 */
public record PprofOptions(
    String bearerToken,
    String basicUser,
    String basicPassword,
    Predicate<Exchange> authorizer,
    Set<String> loopbackHosts,
    int maxLongRequests,
    Duration gcInterval,
    boolean redactCommandLine) {

  /** The defaults: no access control, 64 long requests, one forced GC per 10 s, redaction on. */
  public static final PprofOptions DEFAULTS =
      new PprofOptions(null, null, null, null, null, 64, Duration.ofSeconds(10), true);

  /** The check that refuses everything: credentials configured by halves (a user without a password). */
  public static final Predicate<Exchange> REFUSE_ALL = request -> false;

  /**
   * These options with the access control that {@code config} names; the one place where every
   * door turns configuration into the contract's options: its token as the bearer token, its user
   * and password as HTTP basic. A user without a password, or
   * a password without a user, refuses every request (the configuration has said so in a WARN
   * line): half a login must never leave the door open.
   */
  public PprofOptions withConfig(PprofConfig config) {
    String user = config.user().orElse(null);
    String password = config.password().orElse(null);
    Predicate<Exchange> check = authorizer;
    if ((user == null) != (password == null)) {
      user = null;
      password = null;
      check = REFUSE_ALL;
    }
    return new PprofOptions(config.token().orElse(null), user, password, check, loopbackHosts, maxLongRequests,
        gcInterval, redactCommandLine);
  }

  /**
   * These options with other bounds: at most {@code maxLongRequests} long requests, one forced GC
   * per {@code gcInterval}, and the command line redacted or not.
   */
  public PprofOptions withLimits(int maxLongRequests, Duration gcInterval, boolean redactCommandLine) {
    return new PprofOptions(bearerToken, basicUser, basicPassword, authorizer, loopbackHosts, maxLongRequests,
        gcInterval, redactCommandLine);
  }

  /** Whether any access control is configured. */
  public boolean hasAccessControl() {
    return bearerToken != null || basicUser != null || authorizer != null;
  }
}
