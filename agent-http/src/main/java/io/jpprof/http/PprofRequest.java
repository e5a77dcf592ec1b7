package io.jpprof.http;

/**
 * What an access check sees of a request to a pprof endpoint: the same for the standalone server,
 * the Undertow handler and the servlet. See {@link Pprof.Builder#authorize}.
 */
public interface PprofRequest {
  /** The method, e.g. {@code GET}. */
  String method();

  /** The path as the client sent it, decoded, e.g. {@code /debug/pprof/heap}. */
  String path();

  /** The first value of a request header, or null. */
  String header(String name);

  /** The client's address ({@code ip:port}), or null when the transport does not tell. */
  String remoteAddress();
}
