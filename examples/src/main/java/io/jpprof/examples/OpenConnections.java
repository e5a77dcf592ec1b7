package io.jpprof.examples;

import io.jpprof.Profile;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Story 6, custom profiles: like Go's {@code pprof.NewProfile}, a pool records where each
 * connection was opened and forgets it when closed, so {@code
 * /debug/pprof/jpprof.example/open.connections?debug=1} shows who holds the ones still open.
 */
final class OpenConnections {
  static final Profile PROFILE = Profile.newProfile("jpprof.example/open.connections");

  private final Deque<Object> open = new ArrayDeque<>();

  Object open() {
    Object connection = new Object();
    PROFILE.add(connection, 1); // skip open() itself: record the caller
    open.push(connection);
    return connection;
  }

  int size() {
    return open.size();
  }

  void closeOldest() {
    Object connection = open.pollLast();
    if (connection != null) {
      PROFILE.remove(connection);
    }
  }
}
