package io.vigil.bench.store;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * What DuckDB itself costs to store raw event rows, without Vigil around it: one thread appends
 * rows shaped like {@code SecurityIoTRawEvent}'s (a 230-byte ProcessCreate item) with the JDBC
 * appender, one transaction per batch, as the pipeline does. Reports rows per second and CPU per
 * row, so that a checkpoint threshold (when the write-ahead log is folded into the database file)
 * or a batch size can be compared; {@code :memory:} shows the floor without any file.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.vigil.bench.store.DuckDbAppend [ROWS]
 * [BATCH] [CHECKPOINT_THRESHOLD|memory] [THREADS]} (defaults: 2000000, 5000, 256MB, DuckDB's default of
 * one per core; the server's workspaces use 256MB and 1).
 */
public final class DuckDbAppend {
  private static final String DETAILS = "{\"Executable\":\"/usr/bin/python3\",\"ProcessId\":12345,\"ParentProcessId\":900,\"UserId\":\"0\","
      + "\"UserName\":\"root\",\"CommandLine\":\"python3 /opt/app/collector.py --interval 10\","
      + "\"ExtraDetails\":{\"ParentExecutable\":\"/usr/lib/systemd/systemd\"}}";

  private DuckDbAppend() {}

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
    String threshold = args.length > 2 ? args[2] : "256MB";
    String threads = args.length > 3 ? Integer.toString(Integer.parseInt(args[3])) : "default";
    Path dir = Files.createTempDirectory("vigil-duckdb-append-");
    String url = threshold.equals("memory") ? "jdbc:duckdb:" : "jdbc:duckdb:" + dir.resolve("w.duckdb");
    try (DuckDBConnection c = DriverManager.getConnection(url).unwrap(DuckDBConnection.class)) {
      try (Statement s = c.createStatement()) {
        s.execute("""
            CREATE TABLE SecurityIoTRawEvent (TimeGenerated TIMESTAMPTZ NOT NULL, DeviceId VARCHAR NOT NULL,
              SecurityGroup VARCHAR NOT NULL, AgentId VARCHAR NOT NULL, AgentVersion VARCHAR NOT NULL,
              RawEventCategory VARCHAR NOT NULL, RawEventName VARCHAR NOT NULL, RawEventType VARCHAR NOT NULL,
              IsEmpty BOOLEAN NOT NULL, EventId VARCHAR NOT NULL, TimeStamp TIMESTAMPTZ NOT NULL,
              PayloadIndex INTEGER NOT NULL, EventDetails JSON NOT NULL)""");
        if (!threads.equals("default")) {
          s.execute("SET threads = " + threads);
        }
        if (!threshold.equals("memory")) {
          s.execute("SET checkpoint_threshold = '" + threshold + "'");
        }
        for (String setting : System.getProperty("duckdb.set", "").split(";")) {
          if (!setting.isBlank()) {
            s.execute("SET " + setting);
          }
        }
      }
      var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      append(c, Math.min(rows, 200_000), batch, 0); // warm-up
      long t0 = System.nanoTime();
      long cpu0 = os.getProcessCpuTime();
      append(c, rows, batch, 1_000_000_000L);
      double seconds = (System.nanoTime() - t0) / 1e9;
      double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
      long stored;
      try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM SecurityIoTRawEvent")) {
        r.next();
        stored = r.getLong(1);
      }
      System.out.println("| checkpoint threshold | DuckDB threads | batch | rows/s | CPU per row | rows stored |");
      System.out.println("|---|---|---|---|---|---|");
      System.out.printf("| %s | %s | %,d | %,.0f | %.2f µs | %,d |%n", threshold, threads, batch, rows / seconds, cpu * 1e6 / rows, stored);
    }
  }

  private static void append(DuckDBConnection c, int rows, int batch, long firstId) throws SQLException {
    long micros = System.currentTimeMillis() * 1000;
    c.setAutoCommit(false);
    for (int done = 0; done < rows; done += batch) {
      try (DuckDBAppender a = c.createAppender("main", "SecurityIoTRawEvent")) {
        for (int i = done; i < Math.min(rows, done + batch); i++) {
          a.beginRow();
          a.appendEpochMicros(micros);
          a.append("load-" + (i % 1000));
          a.append("default");
          a.append("a0e4c1d2-5f6b-4c7d-8e9f-0a1b2c3d4e5f");
          a.append("1.0.0");
          a.append("Triggered");
          a.append("ProcessCreate");
          a.append("Security");
          a.append(false);
          a.append("00000000-0000-4000-8000-" + Long.toHexString(1L << 44 | (firstId + i)).substring(1));
          a.appendEpochMicros(micros);
          a.append(0);
          a.append(DETAILS);
          a.endRow();
        }
      }
      c.commit();
    }
    c.setAutoCommit(true);
  }
}
