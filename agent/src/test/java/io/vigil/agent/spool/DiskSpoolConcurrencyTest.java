package io.vigil.agent.spool;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskSpoolConcurrencyTest {
  static final int RECORDS = 2000;

  @TempDir Path dir;

  @Test
  void aWriterAndASenderTogetherDeliverEveryRecordOnceInOrder() throws Exception {
    try (DiskSpool spool = DiskSpool.open(dir, new SpoolSettings(1L << 30, 64 * 1024))) {
      CompletableFuture<Long> writer = CompletableFuture.supplyAsync(() -> {
        long start = System.nanoTime();
        try {
          for (int i = 1; i <= RECORDS; i++) {
            spool.append(Priority.values()[i % 3], payload(i));
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        return System.nanoTime() - start;
      });
      List<Long> delivered = new ArrayList<>();
      List<String> bodies = new ArrayList<>();
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (delivered.size() < RECORDS && System.nanoTime() < deadline) {
        List<DiskSpool.Entry> batch = spool.peek(100, 64 * 1024);
        if (batch.isEmpty()) {
          Thread.sleep(1);
          continue;
        }
        for (DiskSpool.Entry e : batch) {
          delivered.add(e.seq());
          bodies.add(new String(e.record(), UTF_8));
        }
        spool.acknowledge(batch.getLast().seq());
      }
      long nanos = writer.get(2, TimeUnit.MINUTES);
      System.out.printf("spool throughput: %d fsynced appends of 200 bytes in %d ms = %.0f appends/s"
          + " (with a concurrent sender)%n", RECORDS, nanos / 1_000_000, RECORDS * 1e9 / nanos);

      assertThat(delivered).hasSize(RECORDS);
      for (int i = 0; i < RECORDS; i++) {
        assertThat(delivered.get(i)).isEqualTo(i + 1);
        assertThat(bodies.get(i)).isEqualTo(new String(payload(i + 1), UTF_8));
      }
      assertThat(spool.stats().of(Priority.LOW).appended()).isEqualTo(667); // i % 3 == 2 for i in 1..2000
      assertThat(spool.stats().of(Priority.LOW).pendingRecords()).isZero();
    }
  }

  @Test
  void appendsAloneAreMeasured() throws Exception {
    try (DiskSpool spool = DiskSpool.open(dir, SpoolSettings.defaults())) {
      long start = System.nanoTime();
      for (int i = 1; i <= RECORDS; i++) {
        assertThat(spool.append(Priority.MEDIUM, payload(i))).hasValue(i);
      }
      long nanos = System.nanoTime() - start;
      System.out.printf("spool throughput: %d fsynced appends of 200 bytes in %d ms = %.0f appends/s"
          + " (alone)%n", RECORDS, nanos / 1_000_000, RECORDS * 1e9 / nanos);
      assertThat(spool.stats().of(Priority.MEDIUM))
          .isEqualTo(new DiskSpool.PriorityStats(RECORDS, 0, RECORDS, RECORDS * 221L));
    }
  }

  @Test
  void batchedAppendsShareOneFsyncAndKeepTheirOrder() throws Exception {
    try (DiskSpool spool = DiskSpool.open(dir, new SpoolSettings(1L << 30, 64 * 1024))) {
      long start = System.nanoTime();
      for (int batch = 0; batch < RECORDS / 100; batch++) {
        List<byte[]> records = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
          records.add(payload(batch * 100 + i));
        }
        assertThat(spool.appendAll(Priority.LOW, records)).hasValue(batch * 100 + 1);
      }
      long nanos = System.nanoTime() - start;
      System.out.printf("spool throughput: %d appends of 200 bytes in batches of 100 in %d ms"
          + " = %.0f appends/s%n", RECORDS, nanos / 1_000_000, RECORDS * 1e9 / nanos);
    }
    try (DiskSpool spool = DiskSpool.open(dir, new SpoolSettings(1L << 30, 64 * 1024))) {
      List<DiskSpool.Entry> all = spool.peek(Integer.MAX_VALUE, Long.MAX_VALUE);
      assertThat(all).hasSize(RECORDS);
      for (int i = 0; i < RECORDS; i++) {
        assertThat(all.get(i).seq()).isEqualTo(i + 1);
        assertThat(all.get(i).record()).isEqualTo(payload(i + 1));
      }
    }
  }

  static byte[] payload(int i) {
    return String.format("%-200s", "record-" + i).getBytes(UTF_8);
  }
}
