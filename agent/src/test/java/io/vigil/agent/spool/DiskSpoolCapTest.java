package io.vigil.agent.spool;

import static io.vigil.agent.spool.DiskSpoolTest.bytes;
import static io.vigil.agent.spool.DiskSpoolTest.show;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskSpoolCapTest {
  // every payload "record-00N" is 10 bytes, 31 framed: the cap holds exactly five
  static final SpoolSettings FIVE_RECORDS = new SpoolSettings(5 * 31, 1000);

  @TempDir Path dir;

  static byte[] record(int i) {
    return bytes(String.format("record-%03d", i));
  }

  @Test
  void aFullSpoolDropsTheOldestLowestPriorityRecordsFirstAndCountsThem() throws IOException {
    try (DiskSpool spool = DiskSpool.open(dir, FIVE_RECORDS)) {
      spool.append(Priority.HIGH, record(1));
      spool.append(Priority.LOW, record(2));
      spool.append(Priority.MEDIUM, record(3));
      spool.append(Priority.LOW, record(4));
      spool.append(Priority.HIGH, record(5));
      assertThat(spool.stats().of(Priority.LOW).dropped()).isZero();

      spool.append(Priority.MEDIUM, record(6)); // drops LOW 2
      spool.append(Priority.LOW, record(7)); // drops LOW 4
      spool.append(Priority.HIGH, record(8)); // drops LOW 7, the only LOW left
      spool.append(Priority.HIGH, record(9)); // no LOW left: drops MEDIUM 3

      assertThat(show(spool.peek(10, 1000))).containsExactly("1:HIGH:record-001",
          "5:HIGH:record-005", "6:MEDIUM:record-006", "8:HIGH:record-008", "9:HIGH:record-009");
      DiskSpool.Stats stats = spool.stats();
      assertThat(stats.of(Priority.HIGH)).isEqualTo(new DiskSpool.PriorityStats(4, 0, 4, 124));
      assertThat(stats.of(Priority.MEDIUM)).isEqualTo(new DiskSpool.PriorityStats(2, 1, 1, 31));
      assertThat(stats.of(Priority.LOW)).isEqualTo(new DiskSpool.PriorityStats(3, 3, 0, 0));
    }
    // the drops are durable: a restart does not bring them back
    try (DiskSpool spool = DiskSpool.open(dir, FIVE_RECORDS)) {
      assertThat(spool.peek(10, 1000)).extracting(DiskSpool.Entry::seq).containsExactly(1L, 5L, 6L, 8L, 9L);
    }
  }

  @Test
  void aRecordLargerThanTheCapAloneIsRefusedAndCountedAsDroppedWithoutDroppingOthers()
      throws IOException {
    try (DiskSpool spool = DiskSpool.open(dir, FIVE_RECORDS)) {
      spool.append(Priority.LOW, record(1));
      assertThatThrownBy(() -> spool.append(Priority.HIGH, new byte[135]))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("a HIGH record of 135 bytes (156 framed) exceeds the spool cap of 155 bytes; dropped");
      assertThat(spool.stats().of(Priority.HIGH)).isEqualTo(new DiskSpool.PriorityStats(0, 1, 0, 0));
      assertThat(spool.stats().of(Priority.LOW)).isEqualTo(new DiskSpool.PriorityStats(1, 0, 1, 31));
      // exactly the cap fits
      spool.acknowledge(1);
      assertThat(spool.append(Priority.HIGH, new byte[134])).isEqualTo(2);
    }
  }

  @Test
  void droppingDeletesTheSegmentFilesSoTheDiskStaysBounded() throws IOException {
    try (DiskSpool spool = DiskSpool.open(dir, new SpoolSettings(5 * 31, 62))) {
      for (int i = 1; i <= 100; i++) {
        spool.append(Priority.LOW, record(i));
      }
      assertThat(spool.peek(10, 1000)).extracting(DiskSpool.Entry::seq)
          .containsExactly(96L, 97L, 98L, 99L, 100L);
      assertThat(spool.stats().of(Priority.LOW)).isEqualTo(new DiskSpool.PriorityStats(100, 95, 5, 155));
      // two records a segment; 95 is dropped but shares its segment with 96
      assertThat(DiskSpoolTest.segmentFiles(dir.resolve("low")))
          .containsExactly("000000000095.seg", "000000000097.seg", "000000000099.seg");
    }
  }

  @Test
  void reopeningWithALowerCapDropsDownToIt() throws IOException {
    try (DiskSpool spool = DiskSpool.open(dir, FIVE_RECORDS)) {
      spool.append(Priority.HIGH, record(1));
      spool.append(Priority.MEDIUM, record(2));
      spool.append(Priority.HIGH, record(3));
      spool.append(Priority.HIGH, record(4));
    }
    try (DiskSpool spool = DiskSpool.open(dir, new SpoolSettings(2 * 31, 1000))) {
      assertThat(spool.peek(10, 1000)).extracting(DiskSpool.Entry::seq).containsExactly(3L, 4L);
      assertThat(spool.stats().of(Priority.MEDIUM).dropped()).isEqualTo(1);
      assertThat(spool.stats().of(Priority.HIGH).dropped()).isEqualTo(1);
      assertThat(spool.append(Priority.LOW, record(5))).isEqualTo(5);
      assertThat(spool.peek(10, 1000)).extracting(DiskSpool.Entry::seq).containsExactly(4L, 5L);
    }
  }
}
