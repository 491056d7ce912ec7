package io.vigil.agent.collect.network;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import io.vigil.agent.collect.CollectorUnavailableException;
import io.vigil.agent.collect.LibC;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel's TCP and UDP sockets through a NETLINK_SOCK_DIAG dump (inet_diag), called through
 * the Java foreign function API. Unlike /proc/net/tcp, whose every read walks the kernel's whole
 * socket hash table, a dump visits only the sockets that exist. Needs no privileges. Not
 * thread-safe: one collector thread calls it.
 */
final class SockDiag implements Sockets {
  private static final int AF_NETLINK = 16;
  private static final int AF_INET = 2;
  private static final int AF_INET6 = 10;
  private static final int SOCK_DGRAM = 2;
  private static final int SOCK_CLOEXEC = 0x80000;
  private static final int NETLINK_SOCK_DIAG = 4;
  private static final int SOCK_DIAG_BY_FAMILY = 20;
  private static final short NLM_F_REQUEST_DUMP = 0x301;
  private static final int NLMSG_ERROR = 2;
  private static final int NLMSG_DONE = 3;
  private static final int IPPROTO_TCP = 6;
  private static final int IPPROTO_UDP = 17;
  private static final int SOL_SOCKET = 1;
  private static final int SO_RCVTIMEO = 20;
  private static final int EINTR = 4;
  private static final int REQUEST_LEN = 16 + 56;
  /** Each inet_diag_msg is 72 bytes after its 16-byte header. */
  static final int MESSAGE_LEN = 16 + 72;

  private final int fd;
  private final Arena arena = Arena.ofShared();
  private final MemorySegment buffer = arena.allocate(64 * 1024, 8);
  private final MemorySegment request = arena.allocate(REQUEST_LEN, 8);
  private final MemorySegment kernel = arena.allocate(12, 4);
  private final MemorySegment state = arena.allocate(LibC.CAPTURE);
  private int seq;

  private SockDiag(int fd) {
    this.fd = fd;
    kernel.set(JAVA_SHORT, 0, (short) AF_NETLINK);
  }

  /**
   * Opens the netlink socket, with a 2 s receive timeout so a dump can never hang the collector.
   *
   * @throws CollectorUnavailableException saying which call failed and why
   */
  static SockDiag open() throws CollectorUnavailableException {
    try (Arena call = Arena.ofConfined()) {
      MemorySegment st = call.allocate(LibC.CAPTURE);
      int fd = (int) LibC.SOCKET.invokeExact(st, AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
      if (fd < 0) {
        throw failure("socket(AF_NETLINK, NETLINK_SOCK_DIAG)", LibC.errno(st));
      }
      SockDiag diag = new SockDiag(fd);
      MemorySegment timeout = call.allocate(16, 8);
      timeout.set(JAVA_LONG, 0, 2);
      if ((int) LibC.SETSOCKOPT.invokeExact(st, fd, SOL_SOCKET, SO_RCVTIMEO, timeout, 16) < 0) {
        int errno = LibC.errno(st);
        diag.close();
        throw failure("setsockopt(SO_RCVTIMEO)", errno);
      }
      return diag;
    } catch (CollectorUnavailableException e) {
      throw e;
    } catch (Throwable e) {
      // No native access (--enable-native-access), or no C library socket calls on this platform.
      throw new CollectorUnavailableException("sock_diag cannot be used: " + e, e);
    }
  }

  @Override
  public SocketTable.Result read() throws CollectorUnavailableException {
    List<SocketRow> rows = new ArrayList<>();
    dump(AF_INET, IPPROTO_TCP, rows);
    dump(AF_INET6, IPPROTO_TCP, rows);
    dump(AF_INET, IPPROTO_UDP, rows);
    dump(AF_INET6, IPPROTO_UDP, rows);
    return new SocketTable.Result(rows, List.of());
  }

  /** Asks for every socket of one family and protocol, in any state, and reads the answer to its end. */
  private void dump(int family, int protocol, List<SocketRow> rows) throws CollectorUnavailableException {
    int mySeq = ++seq;
    request.fill((byte) 0);
    request.set(JAVA_INT, 0, REQUEST_LEN); // nlmsghdr: len, type, flags, seq, pid
    request.set(JAVA_SHORT, 4, (short) SOCK_DIAG_BY_FAMILY);
    request.set(JAVA_SHORT, 6, NLM_F_REQUEST_DUMP);
    request.set(JAVA_INT, 8, mySeq);
    request.set(JAVA_BYTE, 16, (byte) family); // inet_diag_req_v2: family, protocol, ext, pad, states, id
    request.set(JAVA_BYTE, 17, (byte) protocol);
    request.set(JAVA_INT, 20, 0xFFFFFFFF);
    try {
      long sent = (long) LibC.SENDTO.invokeExact(state, fd, request, (long) REQUEST_LEN, 0, kernel, 12);
      if (sent < 0) {
        throw failure("sendto(SOCK_DIAG_BY_FAMILY)", LibC.errno(state));
      }
      while (true) {
        long n = (long) LibC.RECV.invokeExact(state, fd, buffer, buffer.byteSize(), 0);
        if (n < 0) {
          int errno = LibC.errno(state);
          if (errno == EINTR) {
            continue;
          }
          throw failure("recv(sock_diag dump)", errno);
        }
        if (parse(buffer.asSlice(0, n).asByteBuffer().order(ByteOrder.nativeOrder()), family, protocol, mySeq, rows)) {
          return;
        }
      }
    } catch (CollectorUnavailableException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new CollectorUnavailableException("sock_diag call failed: " + e, e);
    }
  }

  /**
   * Reads one datagram of netlink messages into {@code rows}.
   *
   * @return true once the dump's NLMSG_DONE came
   * @throws CollectorUnavailableException if the kernel answered with an error, or a message is cut short
   */
  static boolean parse(ByteBuffer b, int family, int protocol, int seq, List<SocketRow> rows) throws CollectorUnavailableException {
    int off = 0;
    while (off + 16 <= b.limit()) {
      int len = b.getInt(off);
      int type = b.getShort(off + 4) & 0xffff;
      if (len < 16 || off + len > b.limit()) {
        throw new CollectorUnavailableException("sock_diag: a netlink message of " + len + " bytes at offset " + off
            + " does not fit the " + b.limit() + " received");
      }
      if (b.getInt(off + 8) == seq) {
        if (type == NLMSG_DONE) {
          return true;
        }
        if (type == NLMSG_ERROR) {
          int errno = -b.getInt(off + 16);
          throw failure("sock_diag dump of family " + family + " protocol " + protocol, errno);
        }
        if (type == SOCK_DIAG_BY_FAMILY && len >= MESSAGE_LEN) {
          rows.add(row(b, off + 16, protocol));
        }
      }
      off += (len + 3) & ~3;
    }
    return false;
  }

  /** One inet_diag_msg: family, state, timer, retrans, sockid (ports and addresses in network order), expires, queues, uid, inode. */
  private static SocketRow row(ByteBuffer b, int at, int protocol) {
    int family = b.get(at) & 0xff;
    int state = b.get(at + 1) & 0xff;
    int sport = Short.toUnsignedInt(Short.reverseBytes(b.getShort(at + 4)));
    int dport = Short.toUnsignedInt(Short.reverseBytes(b.getShort(at + 6)));
    if (ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN) {
      sport = Short.toUnsignedInt(b.getShort(at + 4));
      dport = Short.toUnsignedInt(b.getShort(at + 6));
    }
    String local = address(b, at + 8, family);
    String remote = address(b, at + 24, family);
    long uid = Integer.toUnsignedLong(b.getInt(at + 64));
    long inode = Integer.toUnsignedLong(b.getInt(at + 68));
    return new SocketRow(protocol == IPPROTO_TCP ? "TCP" : "UDP", family == AF_INET ? 4 : 6, local, sport, remote, dport, state, uid, inode);
  }

  private static String address(ByteBuffer b, int at, int family) {
    byte[] bytes = new byte[family == AF_INET ? 4 : 16];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = b.get(at + i);
    }
    return bytes.length == 4 ? HexAddress.ipv4(bytes, 0) : HexAddress.ipv6(bytes);
  }

  private static CollectorUnavailableException failure(String call, int errno) {
    return new CollectorUnavailableException(call + " failed: " + LibC.strerror(errno) + " (errno " + errno + ")");
  }

  @Override
  public void close() {
    try {
      int unused = (int) LibC.CLOSE.invokeExact(state, fd);
    } catch (Throwable e) {
      // close(2) of a netlink socket fails only for a bad descriptor, which this class never hands out.
    } finally {
      arena.close();
    }
  }
}
