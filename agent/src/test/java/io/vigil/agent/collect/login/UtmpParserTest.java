package io.vigil.agent.collect.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class UtmpParserTest {
  @Test
  void everyFieldOfARecordIsRead() throws Exception {
    byte[] data = new UtmpBytes()
        .add(7, 4242, "pts/0", "ts/0", "alice", "gateway.example.org", 1_763_805_662L, 123_456, "192.0.2.10")
        .add(8, 4242, "pts/0", "ts/0", "", "", 1_763_805_700L, 0, null)
        .add(6, 17, "tty1", "tty1", "LOGIN", "", 0, 0, "2001:db8::7")
        .bytes();
    UtmpParser.Result r = UtmpParser.parse("/var/log/wtmp", data, 0);
    assertThat(r.problems()).isEmpty();
    assertThat(r.consumed()).isEqualTo(3 * 384);
    assertThat(r.records()).containsExactly(
        new UtmpRecord(7, 4242, "pts/0", "ts/0", "alice", "gateway.example.org", 7,
            Instant.parse("2025-11-22T10:01:02.123456Z"), "192.0.2.10"),
        new UtmpRecord(8, 4242, "pts/0", "ts/0", "", "", 7, Instant.parse("2025-11-22T10:01:40Z"), null),
        new UtmpRecord(6, 17, "tty1", "tty1", "LOGIN", "", 7, Instant.EPOCH, "2001:db8:0:0:0:0:0:7"));
  }

  @Test
  void fullLengthStringsWithoutATerminatingNulAndTimesPast2038AreRead() throws Exception {
    String user = "u".repeat(32);
    byte[] data = new UtmpBytes().add(7, 1, "pts/12345678901234567890123456789", "abcd", user, "h", 0xF000_0000L, 0, null)
        .bytes();
    UtmpRecord r = UtmpParser.parse("wtmp", data, 0).records().getFirst();
    assertThat(r.user()).isEqualTo(user);
    assertThat(r.line()).hasSize(32);
    assertThat(r.id()).isEqualTo("abcd");
    assertThat(r.time()).isEqualTo(Instant.ofEpochSecond(0xF000_0000L)).isAfter(Instant.parse("2038-01-20T00:00:00Z"));
  }

  @Test
  void aTruncatedRecordNamesItsByteOffsetAndTheExpectedSize() {
    UtmpParser.Result r = UtmpParser.parse("/var/log/wtmp", new byte[383], 0);
    assertThat(r.records()).isEmpty();
    assertThat(r.consumed()).isZero();
    assertThat(r.problems()).containsExactly("/var/log/wtmp byte offset 0: truncated record: 383 bytes, a utmp record is 384");
  }

  @Test
  void aTruncatedRecordAfterWholeOnesIsLeftForLater() throws Exception {
    byte[] one = new UtmpBytes().add(7, 1, "pts/1", "ts/1", "bob", "", 1, 0, null).bytes();
    byte[] data = Arrays.copyOf(one, 384 + 100);
    UtmpParser.Result r = UtmpParser.parse("/var/log/btmp", data, 768);
    assertThat(r.records()).extracting(UtmpRecord::user).containsExactly("bob");
    assertThat(r.consumed()).isEqualTo(384);
    assertThat(r.problems()).containsExactly("/var/log/btmp byte offset 1152: truncated record: 100 bytes, a utmp record is 384");
  }

  @Test
  void garbageTypesAreSkippedWithTheirOffset() throws Exception {
    byte[] data = new UtmpBytes()
        .add(7, 1, "pts/1", "ts/1", "good", "", 1, 0, null)
        .add(0x5555, 1, "x", "x", "junk", "", 1, 0, null)
        .add(-1, 1, "x", "x", "junk", "", 1, 0, null)
        .add(10, 1, "x", "x", "junk", "", 1, 0, null)
        .bytes();
    UtmpParser.Result r = UtmpParser.parse("/var/log/wtmp", data, 384);
    assertThat(r.records()).extracting(UtmpRecord::user).containsExactly("good");
    assertThat(r.consumed()).isEqualTo(4 * 384);
    assertThat(r.problems()).containsExactly(
        "/var/log/wtmp byte offset 768: ut_type 21845 is not a utmp record type (0-9): record skipped",
        "/var/log/wtmp byte offset 1152: ut_type -1 is not a utmp record type (0-9): record skipped",
        "/var/log/wtmp byte offset 1536: ut_type 10 is not a utmp record type (0-9): record skipped");
  }

  @Test
  void anIpv4MappedIpv6AddressIsReadAsIpv4() {
    ByteBuffer b = ByteBuffer.allocate(384).order(ByteOrder.LITTLE_ENDIAN);
    b.putShort(0, (short) 7);
    b.put(44, "x".getBytes());
    b.put(348, new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 198, 51, 100, 7});
    assertThat(UtmpParser.parse("wtmp", b.array(), 0).records().getFirst().address()).isEqualTo("198.51.100.7");
  }
}
