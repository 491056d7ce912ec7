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

  static byte[] payload(int i) {
    return String.format("%-200s", "record-" + i).getBytes(UTF_8);
  }
}
