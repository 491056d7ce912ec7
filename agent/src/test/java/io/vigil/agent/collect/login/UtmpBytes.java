package io.vigil.agent.collect.login;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Builds glibc x86_64 {@code struct utmp} records byte by byte, the way login, sshd and init write them. */
final class UtmpBytes {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  /**
   * Appends one record.
   *
   * @param address an IP literal or null
   */
  UtmpBytes add(int type, int pid, String line, String id, String user, String host, long sec, int usec, String address)
      throws Exception {
    ByteBuffer b = ByteBuffer.allocate(UtmpParser.RECORD_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    b.putShort(0, (short) type);
    b.putInt(4, pid);
    put(b, 8, 32, line);
    put(b, 40, 4, id);
    put(b, 44, 32, user);
    put(b, 76, 256, host);
    b.putInt(336, 7);
    b.putInt(340, (int) sec);
    b.putInt(344, usec);
    if (address != null) {
      b.put(348, InetAddress.ofLiteral(address).getAddress());
    }
    out.write(b.array());
    return this;
  }

  byte[] bytes() {
    return out.toByteArray();
  }

  private static void put(ByteBuffer b, int at, int max, String s) {
    byte[] raw = s.getBytes(StandardCharsets.UTF_8);
    b.put(at, raw, 0, Math.min(raw.length, max));
  }
}
