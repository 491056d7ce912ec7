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
      assertThat(spool.append(Priority.HIGH, new byte[134])).hasValue(2);
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
      // Only HIGH records are left: a LOW newcomer is dropped itself rather than evicting one.
      assertThat(spool.append(Priority.LOW, record(5))).isEmpty();
      assertThat(spool.peek(10, 1000)).extracting(DiskSpool.Entry::seq).containsExactly(3L, 4L);
      assertThat(spool.stats().of(Priority.LOW)).isEqualTo(new DiskSpool.PriorityStats(0, 1, 0, 0));
    }
  }

  @Test
  void aNewRecordNeverEvictsAHigherPriorityOneAndIsDroppedItselfInstead() throws IOException {
    try (DiskSpool spool = DiskSpool.open(dir, FIVE_RECORDS)) {
      spool.append(Priority.HIGH, record(1));
      spool.append(Priority.MEDIUM, record(2));
      spool.append(Priority.HIGH, record(3));
      spool.append(Priority.MEDIUM, record(4));
      spool.append(Priority.HIGH, record(5));

      assertThat(spool.append(Priority.LOW, record(6))).isEmpty(); // before: evicted MEDIUM 2
      assertThat(spool.append(Priority.LOW, record(7))).isEmpty();
      assertThat(spool.append(Priority.MEDIUM, record(8))).hasValue(6); // the oldest MEDIUM goes: 2
      assertThat(spool.append(Priority.HIGH, record(9))).hasValue(7); // no LOW: the oldest MEDIUM, 4
      assertThat(spool.append(Priority.MEDIUM, record(10))).hasValue(8); // its own kind's oldest: 8
      assertThat(spool.append(Priority.HIGH, record(11))).hasValue(9); // MEDIUM 10, the last below HIGH
      assertThat(spool.append(Priority.MEDIUM, record(12))).isEmpty(); // only HIGH left
      assertThat(spool.append(Priority.HIGH, record(13))).hasValue(10); // the oldest HIGH, 1

      assertThat(show(spool.peek(10, 1000))).containsExactly("3:HIGH:record-003", "5:HIGH:record-005",
          "7:HIGH:record-009", "9:HIGH:record-011", "10:HIGH:record-013");
      DiskSpool.Stats stats = spool.stats();
      assertThat(stats.of(Priority.HIGH)).isEqualTo(new DiskSpool.PriorityStats(6, 1, 5, 155));
      assertThat(stats.of(Priority.MEDIUM)).isEqualTo(new DiskSpool.PriorityStats(4, 5, 0, 0));
      assertThat(stats.of(Priority.LOW)).isEqualTo(new DiskSpool.PriorityStats(0, 2, 0, 0));
    }
  }

  @Test
  void aBatchWhoseRecordsDoNotFitKeepsSeqsConsecutive() throws IOException {
    try (DiskSpool spool = DiskSpool.open(dir, FIVE_RECORDS)) {
      for (int i = 1; i <= 4; i++) {
        spool.append(Priority.HIGH, record(i));
      }
      // One LOW fits; the second would need a HIGH to go, so it evicts the first LOW (its own kind, older).
      assertThat(spool.appendAll(Priority.LOW, java.util.List.of(record(5), record(6)))).hasValue(5);
      assertThat(show(spool.peek(10, 1000))).endsWith("6:LOW:record-006");
      assertThat(spool.stats().of(Priority.LOW)).isEqualTo(new DiskSpool.PriorityStats(2, 1, 1, 31));
      spool.append(Priority.HIGH, record(7));
      assertThat(spool.appendAll(Priority.LOW, java.util.List.of(record(8), record(9)))).isEmpty();
      assertThat(spool.stats().of(Priority.LOW)).isEqualTo(new DiskSpool.PriorityStats(2, 4, 0, 0));
      assertThat(spool.append(Priority.HIGH, record(10))).hasValue(8);
    }
  }
}
