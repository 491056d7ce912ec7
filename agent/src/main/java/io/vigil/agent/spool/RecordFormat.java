package io.vigil.agent.spool;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The framing of one spooled record, big-endian: magic (4 bytes, "VSP1"), payload length (4), seq
 * (8), priority ordinal (1), payload, then a CRC32C (4) of everything before it.
 */
final class RecordFormat {
  static final int MAGIC = 0x56535031;
  static final int HEADER = 17;
  static final int OVERHEAD = HEADER + 4;

  private RecordFormat() {}

  /** The framed size of a record with a payload of {@code payloadLength} bytes. */
  static long framedSize(long payloadLength) {
    return OVERHEAD + payloadLength;
  }

  /** The framed bytes of one record, ready to write. */
  static ByteBuffer encode(long seq, Priority priority, byte[] payload) {
    ByteBuffer buf = ByteBuffer.allocate(OVERHEAD + payload.length);
    buf.putInt(MAGIC).putInt(payload.length).putLong(seq).put((byte) priority.ordinal()).put(payload);
    buf.putInt(crc(buf.array(), 0, HEADER + payload.length));
    return buf.flip();
  }

  static int crc(byte[] data, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(data, offset, length);
    return (int) crc.getValue();
  }
}
