package io.jpprof.examples;

import java.util.ArrayList;
import java.util.List;

/**
 * Story 1, "memory keeps growing": a cache that remembers every session and forgets none. Each
 * request adds 64 KiB at one line ({@link #remember}), about 640 KB/s at the demo's pace, so the
 * heap grows slowly until the bound (a quarter of the maximum heap, at most 512 MB) stops it. {@code go tool pprof
 * -base heap1 heap2} shows the growth on that line.
 */
final class SessionCache {
  static final int SESSION_BYTES = 64 * 1024;

  private final List<byte[]> sessions = new ArrayList<>();
  private final long maxBytes;
  private long bytes;

  SessionCache(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** Remembers one request's session (the leak: nothing ever removes it). */
  void remember(int request) {
    if (bytes + SESSION_BYTES > maxBytes) {
      return;
    }
    byte[] session = new byte[SESSION_BYTES]; // the line that grows the heap
    session[0] = (byte) request;
    sessions.add(session);
    bytes += SESSION_BYTES;
  }

  long bytes() {
    return bytes;
  }
}
