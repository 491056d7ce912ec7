package io.vigil.agent.collect.process;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses a datagram from the kernel's process connector: netlink messages ({@code struct
 * nlmsghdr}, 16 bytes), each carrying a connector message ({@code struct cn_msg}, 20 bytes) that
 * carries one {@code struct proc_event}.
 *
 * <p>Fields are in the host's byte order. The proc_event's 64-bit timestamp sits at byte 8 of the
 * event, which is not 8-aligned within the datagram, so everything is read unaligned. Errors name
 * the byte offset within the datagram. Stateless and thread-safe.
 */
final class ProcEventParser {
  static final int NLMSG_HDRLEN = 16;
  static final int CN_MSG_LEN = 20;
  static final int PROC_EVENT_HEADER = 16;
  static final short NLMSG_NOOP = 1;
  static final short NLMSG_ERROR = 2;
  static final short NLMSG_DONE = 3;
  static final short NLMSG_OVERRUN = 4;
  static final int CN_IDX_PROC = 1;
  static final int CN_VAL_PROC = 1;
  static final int PROC_EVENT_NONE = 0;
  static final int PROC_EVENT_FORK = 0x1;
  static final int PROC_EVENT_EXEC = 0x2;
  static final int PROC_EVENT_EXIT = 0x80000000;

  private ProcEventParser() {}

  /**
   * The events in {@code datagram}, from its position to its limit.
   *
   * @throws ProcEventFormatException naming the byte offset and what is wrong, for a truncated or
   *     malformed message; events before the bad one are not returned
   */
  static List<ProcEvent> parse(ByteBuffer datagram) throws ProcEventFormatException {
    ByteBuffer b = datagram.slice().order(ByteOrder.nativeOrder());
    int end = b.limit();
    List<ProcEvent> events = new ArrayList<>(1);
    int at = 0;
    while (at < end) {
      if (end - at < NLMSG_HDRLEN) {
        throw error(at, "netlink message", (end - at) + " bytes left, fewer than the 16-byte header");
      }
      int len = b.getInt(at);
      short type = b.getShort(at + 4);
      if (len >= 0 && len < NLMSG_HDRLEN) {
        throw error(at, "netlink message", "length " + len + " is shorter than its 16-byte header");
      }
      if (len < 0 || len > end - at) {
        throw error(at, "netlink message", "length " + Integer.toUnsignedString(len) + " runs past the end of the "
            + end + "-byte datagram");
      }
      switch (type) {
        case NLMSG_NOOP -> {}
        case NLMSG_DONE -> events.add(connector(b, at + NLMSG_HDRLEN, len - NLMSG_HDRLEN));
        case NLMSG_ERROR -> {
          int errno = len >= NLMSG_HDRLEN + 4 ? -b.getInt(at + NLMSG_HDRLEN) : 0;
          if (errno != 0) {
            throw error(at, "netlink message", "the kernel reports error " + errno);
          }
        }
        default ->
            throw error(at, "netlink message", "unexpected type " + type + " (the connector sends NLMSG_DONE, 3)");
      }
      at += (len + 3) & ~3; // NLMSG_ALIGN
    }
    return events;
  }

  private static ProcEvent connector(ByteBuffer b, int at, int size) throws ProcEventFormatException {
    if (size < CN_MSG_LEN) {
      throw error(at, "connector message", size + " bytes, fewer than the 20-byte cn_msg header");
    }
    int idx = b.getInt(at);
    int val = b.getInt(at + 4);
    if (idx != CN_IDX_PROC || val != CN_VAL_PROC) {
      throw error(at, "connector message", "id " + idx + ":" + val + " is not the process connector (1:1)");
    }
    int seq = b.getInt(at + 8);
    int ack = b.getInt(at + 12);
    int dataLen = Short.toUnsignedInt(b.getShort(at + 16));
    if (dataLen > size - CN_MSG_LEN) {
      throw error(at, "connector message", "data length " + dataLen + " runs past the " + (size - CN_MSG_LEN)
          + " bytes after its header");
    }
    return event(b, at + CN_MSG_LEN, dataLen, seq, ack);
  }

  private static ProcEvent event(ByteBuffer b, int at, int size, int seq, int ack) throws ProcEventFormatException {
    if (size < PROC_EVENT_HEADER) {
      throw error(at, "proc_event", size + " bytes, fewer than its 16-byte header");
    }
    int what = b.getInt(at);
    long timestamp = b.getLong(at + 8);
    int data = at + PROC_EVENT_HEADER;
    int available = size - PROC_EVENT_HEADER;
    return switch (what) {
      case PROC_EVENT_NONE -> {
        need(at, "ACK", available, 4);
        yield new ProcEvent.Ack(seq, ack, b.getInt(data));
      }
      case PROC_EVENT_FORK -> {
        need(at, "FORK", available, 16);
        yield new ProcEvent.Fork(
            b.getInt(data), b.getInt(data + 4), b.getInt(data + 8), b.getInt(data + 12), timestamp);
      }
      case PROC_EVENT_EXEC -> {
        need(at, "EXEC", available, 8);
        yield new ProcEvent.Exec(b.getInt(data), b.getInt(data + 4), timestamp);
      }
      case PROC_EVENT_EXIT -> {
        need(at, "EXIT", available, 12);
        // parent_pid and parent_tgid follow exit_code and exit_signal on kernels since 4.18.
        int parentTgid = available >= 24 ? b.getInt(data + 20) : -1;
        yield new ProcEvent.Exit(b.getInt(data), b.getInt(data + 4), b.getInt(data + 8), parentTgid, timestamp);
      }
      default -> new ProcEvent.Other(what);
    };
  }

  private static void need(int at, String what, int available, int needed) throws ProcEventFormatException {
    if (available < needed) {
      throw error(at, "proc_event " + what, available + " bytes of event data, needs " + needed);
    }
  }

  private static ProcEventFormatException error(int at, String what, String why) {
    return new ProcEventFormatException(what + " at byte " + at + ": " + why);
  }
}
