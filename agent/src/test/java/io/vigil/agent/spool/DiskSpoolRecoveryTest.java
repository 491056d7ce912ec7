package io.vigil.agent.spool;

import static io.vigil.agent.spool.DiskSpoolCapTest.record;
import static io.vigil.agent.spool.DiskSpoolTest.show;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening a spool that a crash or a bad disk left damaged: records at 0, 31 and 62 of a segment. */
class DiskSpoolRecoveryTest {
  @TempDir Path dir;

  private Path threeRecords() throws IOException {
    try (DiskSpool spool = DiskSpool.open(dir, DiskSpoolCapTest.FIVE_RECORDS)) {
      for (int i = 1; i <= 3; i++) {
        spool.append(Priority.HIGH, record(i));
      }
    }
    Path segment = dir.resolve("high/000000000001.seg");
    assertThat(Files.size(segment)).isEqualTo(93);
    return segment;
  }

  private static void truncate(Path file, long size) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(size);
    }
  }

  @Test
  void aFlippedByteInTheMiddleRecordSkipsOnlyThatRecordAndReportsWhere() throws IOException {
    Path segment = threeRecords();
    byte[] data = Files.readAllBytes(segment);
    data[31 + 17 + 3] ^= 0x01;
    Files.write(segment, data);
    int stored = ByteBuffer.wrap(data).getInt(31 + 27);
    int computed = RecordFormat.crc(data, 31, 27);

    try (DiskSpool spool = DiskSpool.open(dir, DiskSpoolCapTest.FIVE_RECORDS)) {
      assertThat(spool.recoveryProblems()).containsExactly(String.format(
          "high/000000000001.seg offset 31: checksum mismatch (stored 0x%08x, computed 0x%08x);"
              + " skipped 31 bytes to the next valid record at offset 62", stored, computed));
      assertThat(show(spool.peek(10, 1000)))
          .containsExactly("1:HIGH:record-001", "3:HIGH:record-003");
      assertThat(spool.append(Priority.HIGH, record(4))).hasValue(4);
      assertThat(spool.peek(10, 1000)).extracting(DiskSpool.Entry::seq).containsExactly(1L, 3L, 4L);
    }
  }

  @Test
  void aFlippedLengthFieldSkipsToTheNextValidRecord() throws IOException {
    Path segment = threeRecords();
    byte[] data = Files.readAllBytes(segment);
    data[31 + 6] = 0x7f; // length 10 becomes 32522
    Files.write(segment, data);

    try (DiskSpool spool = DiskSpool.open(dir, DiskSpoolCapTest.FIVE_RECORDS)) {
      assertThat(spool.recoveryProblems()).containsExactly("high/000000000001.seg offset 31: record"
          + " length 32522 exceeds the 41 payload bytes left; skipped 31 bytes to the next valid"
          + " record at offset 62");
      assertThat(spool.peek(10, 1000)).extracting(DiskSpool.Entry::seq).containsExactly(1L, 3L);
    }
  }

  @Test
  void aTornLastRecordIsCutOffAndAppendsContinueAfterTheGoodOnes() throws IOException {
    Path segment = threeRecords();
    truncate(segment, 62 + 25); // the last record's header and 4 of its 10 payload bytes

    try (DiskSpool spool = DiskSpool.open(dir, DiskSpoolCapTest.FIVE_RECORDS)) {
      assertThat(spool.recoveryProblems()).containsExactly(
          "high/000000000001.seg offset 62: record length 10 exceeds the 4 payload bytes left;"
              + " no valid record after it, the last 25 bytes are ignored",
          "high/000000000001.seg: truncated from 87 to 62 bytes, after the last valid record");
      assertThat(Files.size(segment)).isEqualTo(62);
      assertThat(show(spool.peek(10, 1000)))
          .containsExactly("1:HIGH:record-001", "2:HIGH:record-002");
      // seq 3 never returned from append, so it is handed out again
      assertThat(spool.append(Priority.HIGH, record(3))).hasValue(3);
    }
    try (DiskSpool spool = DiskSpool.open(dir, DiskSpoolCapTest.FIVE_RECORDS)) {
      assertThat(spool.recoveryProblems()).isEmpty();
      assertThat(show(spool.peek(10, 1000)))
          .containsExactly("1:HIGH:record-001", "2:HIGH:record-002", "3:HIGH:record-003");
    }
  }

  @Test
  void aRecordTornInsideItsHeaderIsCutOff() throws IOException {
    Path segment = threeRecords();
    truncate(segment, 62 + 8);

    try (DiskSpool spool = DiskSpool.open(dir, DiskSpoolCapTest.FIVE_RECORDS)) {
      assertThat(spool.recoveryProblems()).containsExactly(
          "high/000000000001.seg offset 62: only 8 bytes left, less than the 21-byte frame of a"
              + " record; no valid record after it, the last 8 bytes are ignored",
          "high/000000000001.seg: truncated from 70 to 62 bytes, after the last valid record");
      assertThat(spool.peek(10, 1000)).extracting(DiskSpool.Entry::seq).containsExactly(1L, 2L);
    }
  }

  @Test
  void aTornPositionWriteFallsBackToThePreviousPosition() throws IOException {
    try (DiskSpool spool = DiskSpool.open(dir, DiskSpoolCapTest.FIVE_RECORDS)) {
      for (int i = 1; i <= 3; i++) {
        spool.append(Priority.HIGH, record(i));
      }
      spool.acknowledge(1); // generation 1, slot 1
      spool.acknowledge(2); // generation 2, slot 0
    }
    Path removed = dir.resolve("removed");
    byte[] data = Files.readAllBytes(removed);
    assertThat(data).hasSize(2 * RemovedFile.SLOT);
    data[20] ^= 0x10; // inside slot 0
    Files.write(removed, data);

    try (DiskSpool spool = DiskSpool.open(dir, DiskSpoolCapTest.FIVE_RECORDS)) {
      assertThat(spool.recoveryProblems()).isEmpty();
      // at least once: seq 2 comes back
      assertThat(spool.peek(10, 1000)).extracting(DiskSpool.Entry::seq).containsExactly(2L, 3L);
      spool.acknowledge(3);
    }
    try (DiskSpool spool = DiskSpool.open(dir, DiskSpoolCapTest.FIVE_RECORDS)) {
      assertThat(spool.peek(10, 1000)).isEmpty();
    }
  }

  @Test
  void aCorruptPositionFileReplaysEveryRecordStillOnDisk() throws IOException {
    try (DiskSpool spool = DiskSpool.open(dir, DiskSpoolCapTest.FIVE_RECORDS)) {
      for (int i = 1; i <= 3; i++) {
        spool.append(Priority.HIGH, record(i));
      }
      spool.acknowledge(2);
    }
    Files.write(dir.resolve("removed"), new byte[] {1, 2, 3});

    try (DiskSpool spool = DiskSpool.open(dir, DiskSpoolCapTest.FIVE_RECORDS)) {
      assertThat(spool.recoveryProblems()).containsExactly("removed: 3 bytes without a valid"
          + " position slot (magic and checksum); every record on disk is replayed");
      assertThat(spool.peek(10, 1000)).extracting(DiskSpool.Entry::seq).containsExactly(1L, 2L, 3L);
    }
  }
}
