package io.jpprof.agent;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * JDBC clients busy on an H2 TCP server: inserts, an aggregate query over the table (CPU and
 * allocations in the server), and updates of a few hot rows (lock waits in the server). Runs on
 * daemon threads until closed.
 */
final class H2Workload implements AutoCloseable {
  private final String url;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicLong statements = new AtomicLong();
  private final List<Thread> threads = new ArrayList<>();
  private volatile SQLException failure;

  private H2Workload(String url) {
    this.url = url;
  }

  static H2Workload start(int port, int clients) throws SQLException {
    H2Workload w = new H2Workload("jdbc:h2:tcp://127.0.0.1:" + port + "/mem:work;DB_CLOSE_DELAY=-1");
    try (Connection c = DriverManager.getConnection(w.url, "sa", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS item(id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100), qty INT)");
      s.execute("CREATE TABLE IF NOT EXISTS counter(id INT PRIMARY KEY, n BIGINT)");
      s.execute("MERGE INTO counter KEY(id) VALUES (1, 0), (2, 0)");
    }
    for (int i = 0; i < clients; i++) {
      Thread t = new Thread(w::loop, "h2-client-" + i);
      t.setDaemon(true);
      w.threads.add(t);
      t.start();
    }
    return w;
  }

  private void loop() {
    try (Connection c = DriverManager.getConnection(url, "sa", "");
        PreparedStatement insert = c.prepareStatement("INSERT INTO item(name, qty) VALUES (?, ?)");
        PreparedStatement query = c.prepareStatement(
            "SELECT name, SUM(qty), COUNT(*) FROM item WHERE qty > ? GROUP BY name ORDER BY 2 DESC LIMIT 5");
        PreparedStatement hot = c.prepareStatement("UPDATE counter SET n = n + 1 WHERE id = ?")) {
      ThreadLocalRandom r = ThreadLocalRandom.current();
      while (!stop.get()) {
        insert.setString(1, "item-" + r.nextInt(200));
        insert.setInt(2, r.nextInt(1000));
        insert.executeUpdate();
        query.setInt(1, r.nextInt(500));
        try (ResultSet rs = query.executeQuery()) {
          while (rs.next()) {
            rs.getString(1);
          }
        }
        hot.setInt(1, 1 + r.nextInt(2));
        hot.executeUpdate();
        statements.addAndGet(3);
      }
    } catch (SQLException e) {
      if (!stop.get()) {
        failure = e;
      }
    }
  }

  long statements() {
    return statements.get();
  }

  /** Throws what a client failed with, if one did. */
  void check() throws SQLException {
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop.set(true);
    for (Thread t : threads) {
      t.join(10_000);
    }
  }
}
