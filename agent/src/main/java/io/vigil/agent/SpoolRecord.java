package io.vigil.agent;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A spooled event: the collector it came from (for its counters) and the event as a one-event
 * security message. Layout: one byte of name length, the name in UTF-8, the message.
 *
 * @param message the encoded one-event message
 */
record SpoolRecord(String collector, byte[] message) {
  byte[] bytes() {
    byte[] name = collector.getBytes(StandardCharsets.UTF_8);
    if (name.length > 255) {
      throw new IllegalArgumentException("collector name '" + collector + "' is longer than 255 bytes");
    }
    byte[] out = new byte[1 + name.length + message.length];
    out[0] = (byte) name.length;
    System.arraycopy(name, 0, out, 1, name.length);
    System.arraycopy(message, 0, out, 1 + name.length, message.length);
    return out;
  }

  /**
   * Reads what {@link #bytes()} wrote.
   *
   * @throws IllegalArgumentException if the record is shorter than its name length says
   */
  static SpoolRecord of(byte[] bytes) {
    int n = bytes.length == 0 ? -1 : Byte.toUnsignedInt(bytes[0]);
    if (n < 0 || bytes.length < 1 + n) {
      throw new IllegalArgumentException("spool record of " + bytes.length + " bytes is too short for its collector name");
    }
    return new SpoolRecord(new String(bytes, 1, n, StandardCharsets.UTF_8), Arrays.copyOfRange(bytes, 1 + n, bytes.length));
  }
}
