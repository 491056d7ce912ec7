package io.vigil.agent.spool;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskSpoolTest {
  @TempDir Path dir;

  static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  /** The entries as "seq:PRIORITY:text". */
  static List<String> show(List<DiskSpool.Entry> entries) {
    return entries.stream()
        .map(e -> e.seq() + ":" + e.priority() + ":" + new String(e.record(), UTF_8))
        .toList();
  }

  static List<String> segmentFiles(Path laneDir) throws IOException {
    try (Stream<Path> s = Files.list(laneDir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void peekReturnsTheOldestInSeqOrderAcrossPrioritiesAndAcknowledgeRemovesThem() throws IOException {
    try (DiskSpool spool = DiskSpool.open(dir, SpoolSettings.defaults())) {
      assertThat(spool.append(Priority.LOW, bytes("a"))).hasValue(1);
      assertThat(spool.append(Priority.HIGH, bytes("b"))).hasValue(2);
      assertThat(spool.append(Priority.MEDIUM, bytes("c"))).hasValue(3);
      assertThat(spool.append(Priority.LOW, bytes("d"))).hasValue(4);

      assertThat(show(spool.peek(10, 1000)))
          .containsExactly("1:LOW:a", "2:HIGH:b", "3:MEDIUM:c", "4:LOW:d");
      assertThat(show(spool.peek(2, 1000))).containsExactly("1:LOW:a", "2:HIGH:b");
      assertThat(show(spool.peek(10, 3))).containsExactly("1:LOW:a", "2:HIGH:b", "3:MEDIUM:c");
      // peek does not remove
      assertThat(spool.peek(10, 1000)).hasSize(4);

      spool.acknowledge(2);
      assertThat(show(spool.peek(10, 1000))).containsExactly("3:MEDIUM:c", "4:LOW:d");
      spool.acknowledge(4);
      assertThat(spool.peek(10, 1000)).isEmpty();
      assertThat(spool.append(Priority.HIGH, bytes("e"))).hasValue(5);
      assertThat(show(spool.peek(10, 1000))).containsExactly("5:HIGH:e");
    }
  }

  @Test
  void aRecordLargerThanThePeekByteLimitIsReturnedAloneSoTheSenderProgresses() throws IOException {
    try (DiskSpool spool = DiskSpool.open(dir, SpoolSettings.defaults())) {
      spool.append(Priority.HIGH, bytes("0123456789"));
      spool.append(Priority.HIGH, bytes("x"));
      assertThat(show(spool.peek(10, 5))).containsExactly("1:HIGH:0123456789");
    }
  }

  @Test
  void acknowledgingASeqNotYetHandedOutIsRefused() throws IOException {
    try (DiskSpool spool = DiskSpool.open(dir, SpoolSettings.defaults())) {
      spool.append(Priority.HIGH, bytes("a"));
      assertThatThrownBy(() -> spool.acknowledge(2))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("cannot acknowledge up to seq 2: the last appended seq is 1");
    }
  }

  @Test
  void segmentsRollOverAndAFullyAcknowledgedSegmentFileIsDeleted() throws IOException {
    // each record "rN" is 2 bytes, 23 framed: two records fit a 50-byte segment
    SpoolSettings settings = new SpoolSettings(10_000, 50);
    try (DiskSpool spool = DiskSpool.open(dir, settings)) {
      for (int i = 1; i <= 5; i++) {
        spool.append(Priority.HIGH, bytes("r" + i));
      }
      assertThat(segmentFiles(dir.resolve("high")))
          .containsExactly("000000000001.seg", "000000000003.seg", "000000000005.seg");
      assertThat(Files.size(dir.resolve("high/000000000001.seg"))).isEqualTo(46);
      assertThat(show(spool.peek(10, 1000)))
          .containsExactly("1:HIGH:r1", "2:HIGH:r2", "3:HIGH:r3", "4:HIGH:r4", "5:HIGH:r5");

      spool.acknowledge(3);
      assertThat(segmentFiles(dir.resolve("high")))
          .containsExactly("000000000003.seg", "000000000005.seg");
      spool.acknowledge(5);
      assertThat(segmentFiles(dir.resolve("high"))).isEmpty();
      assertThat(spool.append(Priority.HIGH, bytes("r6"))).hasValue(6);
      assertThat(segmentFiles(dir.resolve("high"))).containsExactly("000000000006.seg");
    }
  }

  @Test
  void afterCloseAndReopenThePendingRecordsReplayInOrderAndAcknowledgedOnesDoNot() throws IOException {
    SpoolSettings settings = new SpoolSettings(10_000, 50);
    try (DiskSpool spool = DiskSpool.open(dir, settings)) {
      spool.append(Priority.LOW, bytes("r1"));
      spool.append(Priority.HIGH, bytes("r2"));
      spool.append(Priority.LOW, bytes("r3"));
      spool.append(Priority.MEDIUM, bytes("r4"));
      spool.append(Priority.LOW, bytes("r5"));
      spool.acknowledge(2);
    }
    try (DiskSpool spool = DiskSpool.open(dir, settings)) {
      assertThat(spool.recoveryProblems()).isEmpty();
      assertThat(show(spool.peek(10, 1000)))
          .containsExactly("3:LOW:r3", "4:MEDIUM:r4", "5:LOW:r5");
      assertThat(spool.stats().of(Priority.LOW)).isEqualTo(new DiskSpool.PriorityStats(0, 0, 2, 46));
      assertThat(spool.append(Priority.HIGH, bytes("r6"))).hasValue(6);
      spool.acknowledge(6);
    }
    try (DiskSpool spool = DiskSpool.open(dir, settings)) {
      assertThat(spool.peek(10, 1000)).isEmpty();
      // every segment is gone, yet seqs continue from the durable position
      assertThat(segmentFiles(dir.resolve("low"))).isEmpty();
      assertThat(spool.append(Priority.HIGH, bytes("r7"))).hasValue(7);
    }
  }

  @Test
  void aSecondOpenOfTheSameDirectoryIsRefused() throws IOException {
    try (DiskSpool spool = DiskSpool.open(dir, SpoolSettings.defaults())) {
      assertThatThrownBy(() -> DiskSpool.open(dir, SpoolSettings.defaults()))
          .isInstanceOf(IOException.class)
          .hasMessage("spool " + dir + " is already open (lock held on " + dir.resolve("lock") + ")");
    }
  }

  @Test
  void aClosedSpoolRefusesWork() throws IOException {
    DiskSpool spool = DiskSpool.open(dir, SpoolSettings.defaults());
    spool.close();
    assertThatThrownBy(() -> spool.append(Priority.HIGH, bytes("a")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the spool is closed");
  }
}
