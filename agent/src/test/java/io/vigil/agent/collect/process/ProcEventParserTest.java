package io.vigil.agent.collect.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class ProcEventParserTest {
  private static final long TS = 123_456_789_012L;

  /** A datagram being built in the host's byte order, as the kernel sends it. */
  private static final class Datagram {
    private final ByteBuffer b = ByteBuffer.allocate(1024).order(ByteOrder.nativeOrder());

    /** A netlink header of {@code length} and {@code type}. */
    Datagram netlink(int length, int type) {
      b.putInt(length).putShort((short) type).putShort((short) 0).putInt(9).putInt(0);
      return this;
    }

    Datagram connector(int idx, int val, int seq, int ack, int dataLength) {
      b.putInt(idx).putInt(val).putInt(seq).putInt(ack).putShort((short) dataLength).putShort((short) 0);
      return this;
    }

    /** A proc_event header; the timestamp lands at an offset that is not 8-aligned, as in the real thing. */
    Datagram event(int what) {
      b.putInt(what).putInt(1).putLong(TS);
      return this;
    }

    Datagram ints(int... values) {
      for (int v : values) {
        b.putInt(v);
      }
      return this;
    }

    Datagram bytes(int n) {
      b.put(new byte[n]);
      return this;
    }

    /** A whole, well-formed message with {@code data} as event data. */
    Datagram message(int what, int... data) {
      int dataLength = 16 + 4 * data.length;
      return netlink(16 + 20 + dataLength, 3).connector(1, 1, 5, 0, dataLength).event(what).ints(data);
    }

    ByteBuffer done() {
      return b.flip();
    }
  }

  @Test
  void execForkExitAckAndOthers() throws Exception {
    assertThat(ProcEventParser.parse(new Datagram().message(0x2, 10, 11).done()))
        .containsExactly(new ProcEvent.Exec(10, 11, TS));
    assertThat(ProcEventParser.parse(new Datagram().message(0x1, 1, 2, 3, 4).done()))
        .containsExactly(new ProcEvent.Fork(1, 2, 3, 4, TS));
    assertThat(ProcEventParser.parse(new Datagram().message(0x80000000, 10, 11, 7 << 8, 17, 1, 2).done()))
        .containsExactly(new ProcEvent.Exit(10, 11, 7 << 8, 2, TS));
    assertThat(ProcEventParser.parse(new Datagram().message(0x80000000, 10, 11, 9, 17).done()))
        .as("kernels before 4.18 send no parent")
        .containsExactly(new ProcEvent.Exit(10, 11, 9, -1, TS));
    assertThat(ProcEventParser.parse(new Datagram().netlink(76, 3).connector(1, 1, 5, 43, 40).event(0).ints(0, 0, 0, 0, 0, 0).done()))
        .containsExactly(new ProcEvent.Ack(5, 43, 0));
    assertThat(ProcEventParser.parse(new Datagram().message(0x200, 10, 11, 0, 0, 0, 0).done()))
        .containsExactly(new ProcEvent.Other(0x200));
  }

  @Test
  void severalMessagesInOneDatagramAreAlignedTo4Bytes() throws Exception {
    ByteBuffer b = new Datagram()
        .netlink(16 + 20 + 25, 3).connector(1, 1, 1, 0, 25).event(0x2).ints(20, 21).bytes(1 + 3) // 61, padded to 64
        .netlink(16, 1) // NLMSG_NOOP
        .netlink(36, 2).ints(0, 0, 0, 0, 0) // NLMSG_ERROR with error 0: an acknowledgement
        .message(0x80000000, 20, 21, 0, 17, 1, 1)
        .done();
    assertThat(ProcEventParser.parse(b)).containsExactly(new ProcEvent.Exec(20, 21, TS), new ProcEvent.Exit(20, 21, 0, 1, TS));
  }

  @Test
  void emptyDatagramHasNoEvents() throws Exception {
    assertThat(ProcEventParser.parse(ByteBuffer.allocate(0))).isEmpty();
  }

  private static void rejects(ByteBuffer datagram, String message) {
    assertThatThrownBy(() -> ProcEventParser.parse(datagram))
        .isInstanceOf(ProcEventFormatException.class)
        .hasMessage(message);
  }

  @Test
  void truncatedOrMalformedNetlinkHeaders() {
    rejects(ByteBuffer.allocate(10), "netlink message at byte 0: 10 bytes left, fewer than the 16-byte header");
    rejects(new Datagram().netlink(8, 3).done(), "netlink message at byte 0: length 8 is shorter than its 16-byte header");
    rejects(new Datagram().netlink(200, 3).connector(1, 1, 0, 0, 24).event(2).ints(1, 1).done(),
        "netlink message at byte 0: length 200 runs past the end of the 60-byte datagram");
    rejects(new Datagram().netlink(-1, 3).bytes(8).done(),
        "netlink message at byte 0: length 4294967295 runs past the end of the 24-byte datagram");
    rejects(new Datagram().netlink(16, 16).done(),
        "netlink message at byte 0: unexpected type 16 (the connector sends NLMSG_DONE, 3)");
    rejects(new Datagram().netlink(20, 2).ints(-1).done(), "netlink message at byte 0: the kernel reports error 1");
    rejects(new Datagram().message(0x2, 1, 1).bytes(5).done(),
        "netlink message at byte 60: 5 bytes left, fewer than the 16-byte header");
  }

  @Test
  void truncatedOrMalformedConnectorMessages() {
    rejects(new Datagram().netlink(26, 3).bytes(10).done(),
        "connector message at byte 16: 10 bytes, fewer than the 20-byte cn_msg header");
    rejects(new Datagram().netlink(60, 3).connector(2, 1, 0, 0, 24).event(2).ints(1, 1).done(),
        "connector message at byte 16: id 2:1 is not the process connector (1:1)");
    rejects(new Datagram().netlink(60, 3).connector(1, 1, 0, 0, 100).event(2).ints(1, 1).done(),
        "connector message at byte 16: data length 100 runs past the 24 bytes after its header");
  }

  @Test
  void truncatedProcEvents() {
    rejects(new Datagram().netlink(44, 3).connector(1, 1, 0, 0, 8).bytes(8).done(),
        "proc_event at byte 36: 8 bytes, fewer than its 16-byte header");
    rejects(new Datagram().netlink(56, 3).connector(1, 1, 0, 0, 20).event(0x2).ints(1).done(),
        "proc_event EXEC at byte 36: 4 bytes of event data, needs 8");
    rejects(new Datagram().netlink(64, 3).connector(1, 1, 0, 0, 28).event(0x1).ints(1, 2, 3).done(),
        "proc_event FORK at byte 36: 12 bytes of event data, needs 16");
    rejects(new Datagram().netlink(60, 3).connector(1, 1, 0, 0, 24).event(0x80000000).ints(1, 2).done(),
        "proc_event EXIT at byte 36: 8 bytes of event data, needs 12");
    rejects(new Datagram().netlink(52, 3).connector(1, 1, 0, 0, 16).event(0).done(),
        "proc_event ACK at byte 36: 0 bytes of event data, needs 4");
  }
}
