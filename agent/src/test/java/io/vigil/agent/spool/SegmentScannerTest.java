package io.vigil.agent.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class SegmentScannerTest {
  private static byte[] frames(Object... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object part : parts) {
      if (part instanceof ByteBuffer b) {
        out.writeBytes(b.array());
      } else {
        out.writeBytes(((String) part).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      }
    }
    return out.toByteArray();
  }

  private static ByteBuffer frame(long seq, Priority p, String payload) {
    return RecordFormat.encode(seq, p, payload.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }

  @Test
  void validRecordsAreFoundWithTheirOffsets() {
    SegmentScanner.Result r = SegmentScanner.scan("f.seg",
        frames(frame(1, Priority.LOW, "ab"), frame(5, Priority.LOW, "")), Priority.LOW);
    assertThat(r.records()).containsExactly(new SegmentScanner.Found(1, 0, 2), new SegmentScanner.Found(5, 23, 0));
    assertThat(r.problems()).isEmpty();
    assertThat(r.goodEnd()).isEqualTo(44);
  }

  @Test
  void anEmptyFileHasNothing() {
    SegmentScanner.Result r = SegmentScanner.scan("f.seg", new byte[0], Priority.LOW);
    assertThat(r.records()).isEmpty();
    assertThat(r.problems()).isEmpty();
    assertThat(r.goodEnd()).isZero();
  }

  @Test
  void garbageBetweenRecordsIsSkippedUpToTheNextValidFrame() {
    SegmentScanner.Result r = SegmentScanner.scan("f.seg",
        frames("XXXX", frame(1, Priority.HIGH, "a"), "YY", frame(2, Priority.HIGH, "b")), Priority.HIGH);
    assertThat(r.records()).extracting(SegmentScanner.Found::seq).containsExactly(1L, 2L);
    assertThat(r.problems()).containsExactly(
        "f.seg offset 0: bad magic 0x58585858; skipped 4 bytes to the next valid record at offset 4",
        "f.seg offset 26: bad magic 0x59595653; skipped 2 bytes to the next valid record at offset 28");
  }

  @Test
  void aRecordOfAnotherPriorityOrAnOutOfOrderSeqIsSkipped() {
    SegmentScanner.Result r = SegmentScanner.scan("f.seg", frames(frame(3, Priority.MEDIUM, "a"),
        frame(4, Priority.HIGH, "b"), frame(2, Priority.MEDIUM, "c")), Priority.MEDIUM);
    assertThat(r.records()).extracting(SegmentScanner.Found::seq).containsExactly(3L);
    assertThat(r.problems()).containsExactly(
        "f.seg offset 22: record seq 4 has priority HIGH in the MEDIUM segments; skipped",
        "f.seg offset 44: record seq 2 does not follow seq 3; skipped");
    assertThat(r.goodEnd()).isEqualTo(66);
  }

  @Test
  void aBadPriorityByteIsReported() {
    byte[] data = frames(frame(1, Priority.LOW, "a"));
    data[16] = 9;
    SegmentScanner.Result r = SegmentScanner.scan("f.seg", data, Priority.LOW);
    assertThat(r.records()).isEmpty();
    assertThat(r.problems()).containsExactly(
        "f.seg offset 0: bad priority byte 9; no valid record after it, the last 22 bytes are ignored");
  }
}
