package io.vigil.agent.collect.login;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code struct utmp} records as glibc lays them out on x86_64 and aarch64: 384 bytes,
 * little-endian.
 *
 * <pre>
 *   0 ut_type int16 (+2 padding)    4 ut_pid int32        8 ut_line char[32]   40 ut_id char[4]
 *  44 ut_user char[32]             76 ut_host char[256] 332 ut_exit 2 x int16 336 ut_session int32
 * 340 ut_tv {int32 sec, int32 usec} 348 ut_addr_v6 int32[4] 364 unused char[20]
 * </pre>
 *
 * <p>{@code tv_sec} is read as unsigned, which keeps it right past 2038. A record with an undefined
 * {@code ut_type} is skipped and reported; a trailing partial record is not consumed (the writer
 * may be in the middle of it) and is reported.
 */
final class UtmpParser {
  static final int RECORD_SIZE = 384;

  private UtmpParser() {}

  /**
   * What a parse gave.
   *
   * @param consumed bytes taken, a multiple of {@link #RECORD_SIZE}
   */
  record Result(List<UtmpRecord> records, int consumed, List<String> problems) {}

  /**
   * Parses {@code data}, which starts at byte {@code offset} of {@code file}.
   *
   * @param file the device path, for messages
   */
  static Result parse(String file, byte[] data, long offset) {
    List<UtmpRecord> records = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    int whole = data.length - data.length % RECORD_SIZE;
    for (int at = 0; at < whole; at += RECORD_SIZE) {
      int type = b.getShort(at);
      if (type < 0 || type > UtmpRecord.MAX_TYPE) {
        problems.add(file + " byte offset " + (offset + at) + ": ut_type " + type
            + " is not a utmp record type (0-" + UtmpRecord.MAX_TYPE + "): record skipped");
        continue;
      }
      long sec = Integer.toUnsignedLong(b.getInt(at + 340));
      long usec = Integer.toUnsignedLong(b.getInt(at + 344)) % 1_000_000;
      records.add(new UtmpRecord(type, b.getInt(at + 4), text(data, at + 8, 32), text(data, at + 40, 4),
          text(data, at + 44, 32), text(data, at + 76, 256), b.getInt(at + 336),
          Instant.ofEpochSecond(sec, usec * 1000), address(data, at + 348)));
    }
    if (whole < data.length) {
      problems.add(file + " byte offset " + (offset + whole) + ": truncated record: " + (data.length - whole)
          + " bytes, a utmp record is " + RECORD_SIZE);
    }
    return new Result(records, whole, problems);
  }

  /** A NUL-padded char array; it need not end with a NUL when it is full. */
  private static String text(byte[] data, int from, int length) {
    int end = from;
    while (end < from + length && data[end] != 0) {
      end++;
    }
    return new String(data, from, end - from, StandardCharsets.UTF_8);
  }

  /** IPv4 in the first word when the other three are zero, else IPv6; null when all zero. */
  private static String address(byte[] data, int from) {
    boolean v4 = true;
    boolean zero = true;
    for (int i = 0; i < 16; i++) {
      if (data[from + i] != 0) {
        zero = false;
        v4 &= i < 4;
      }
    }
    if (zero) {
      return null;
    }
    byte[] raw = new byte[v4 ? 4 : 16];
    System.arraycopy(data, from, raw, 0, raw.length);
    try {
      return InetAddress.getByAddress(raw).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalStateException("4 or 16 bytes are always an address", e);
    }
  }
}
