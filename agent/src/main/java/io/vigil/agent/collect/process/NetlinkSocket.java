package io.vigil.agent.collect.process;

import io.vigil.agent.collect.LibC;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.OptionalInt;

/**
 * A netlink socket subscribed to the kernel's process connector, called through the Java foreign
 * function API ({@link LibC}; no JNI library).
 *
 * <p>Threading: {@link #receive} is called by one reader thread only; {@link #subscribe} and
 * {@link #close} by others. Close only after the reader has stopped.
 */
final class NetlinkSocket implements AutoCloseable {
  static final int ENOBUFS = 105;
  static final int PROC_CN_MCAST_LISTEN = 1;
  static final int PROC_CN_MCAST_IGNORE = 2;
  private static final int AF_NETLINK = 16;
  private static final int SOCK_DGRAM = 2;
  private static final int SOCK_CLOEXEC = 0x80000;
  private static final int NETLINK_CONNECTOR = 11;
  private static final int SOL_SOCKET = 1;
  private static final int SO_RCVBUF = 8;
  private static final int SO_RCVTIMEO = 20;
  private static final int SO_RCVBUFFORCE = 33;
  private static final int EPERM = 1;
  private static final int EINTR = 4;
  private static final int EAGAIN = 11;
  /** Room for bursts: each queued event costs the socket about 1 KiB of its receive buffer. */
  private static final int RECEIVE_BUFFER_BYTES = 16 << 20;
  private static final int SUBSCRIBE_LEN = ProcEventParser.NLMSG_HDRLEN + ProcEventParser.CN_MSG_LEN + 4;

  private final int fd;
  private final Arena arena = Arena.ofShared();
  private final MemorySegment buffer = arena.allocate(64 * 1024, 8);
  private final MemorySegment receiveState = arena.allocate(LibC.CAPTURE);
  private boolean closed;

  private NetlinkSocket(int fd) {
    this.fd = fd;
  }

  /**
   * Opens a socket bound to the process connector's multicast group, with a large receive buffer
   * and {@code receiveTimeoutMillis} on reads so the reader can notice it should stop.
   *
   * @throws NetlinkException naming the call that failed: without root or CAP_NET_ADMIN, bind fails
   *     with EPERM on kernels before 6.6; without native access (--enable-native-access) nothing
   *     can be called
   */
  static NetlinkSocket open(int receiveTimeoutMillis) throws NetlinkException {
    try (Arena call = Arena.ofConfined()) {
      MemorySegment state = call.allocate(LibC.CAPTURE);
      int fd = (int) LibC.SOCKET.invokeExact(state, AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_CONNECTOR);
      if (fd < 0) {
        throw failure("socket(AF_NETLINK, SOCK_DGRAM, NETLINK_CONNECTOR)", state);
      }
      NetlinkSocket socket = new NetlinkSocket(fd);
      try {
        MemorySegment size = call.allocateFrom(JAVA_INT, RECEIVE_BUFFER_BYTES);
        // SO_RCVBUFFORCE needs CAP_NET_ADMIN and passes net.core.rmem_max; plain SO_RCVBUF is capped by it.
        if ((int) LibC.SETSOCKOPT.invokeExact(state, fd, SOL_SOCKET, SO_RCVBUFFORCE, size, 4) < 0
            && (int) LibC.SETSOCKOPT.invokeExact(state, fd, SOL_SOCKET, SO_RCVBUF, size, 4) < 0) {
          throw failure("setsockopt(SO_RCVBUF, " + RECEIVE_BUFFER_BYTES + ")", state);
        }
        MemorySegment timeout = call.allocate(16, 8);
        timeout.set(JAVA_LONG, 0, receiveTimeoutMillis / 1000);
        timeout.set(JAVA_LONG, 8, (receiveTimeoutMillis % 1000) * 1000L);
        if ((int) LibC.SETSOCKOPT.invokeExact(state, fd, SOL_SOCKET, SO_RCVTIMEO, timeout, 16) < 0) {
          throw failure("setsockopt(SO_RCVTIMEO)", state);
        }
        if ((int) LibC.BIND.invokeExact(state, fd, address(call, ProcEventParser.CN_IDX_PROC), 12) < 0) {
          boolean denied = LibC.errno(state) == EPERM;
          throw failure("bind(AF_NETLINK, groups=CN_IDX_PROC)" + (denied ? " needs root or CAP_NET_ADMIN" : ""), state);
        }
        return socket;
      } catch (NetlinkException | RuntimeException | Error e) {
        socket.close();
        throw e;
      }
    } catch (NetlinkException e) {
      throw e;
    } catch (IllegalCallerException e) {
      throw nativeAccessDenied(e);
    } catch (ExceptionInInitializerError e) {
      if (e.getCause() instanceof IllegalCallerException denied) {
        throw nativeAccessDenied(denied);
      }
      throw new NetlinkException("cannot bind the C library's socket functions: " + e.getCause(), e);
    } catch (LinkageError | UnsupportedOperationException e) {
      throw new NetlinkException("cannot bind the C library's socket functions: " + e, e);
    } catch (Error e) {
      throw e;
    } catch (Throwable e) {
      throw new NetlinkException("socket call failed: " + e, e);
    }
  }

  /**
   * Sends a multicast control request ({@link #PROC_CN_MCAST_LISTEN} or {@link
   * #PROC_CN_MCAST_IGNORE}) to the process connector. The kernel answers with an ACK event to the
   * whole group whose cn_msg ack is {@code nonce + 1} (it overwrites the seq with its own counter,
   * so only the ack identifies the answer).
   */
  void subscribe(int op, int nonce) throws NetlinkException {
    try (Arena call = Arena.ofConfined()) {
      MemorySegment state = call.allocate(LibC.CAPTURE);
      MemorySegment msg = call.allocate(SUBSCRIBE_LEN, 8);
      msg.set(JAVA_INT, 0, SUBSCRIBE_LEN); // nlmsghdr: len, type, flags, seq, pid
      msg.set(JAVA_SHORT, 4, ProcEventParser.NLMSG_DONE);
      msg.set(JAVA_INT, 16, ProcEventParser.CN_IDX_PROC); // cn_msg: idx, val, seq, ack, len, flags
      msg.set(JAVA_INT, 20, ProcEventParser.CN_VAL_PROC);
      msg.set(JAVA_INT, 28, nonce);
      msg.set(JAVA_SHORT, 32, (short) 4);
      msg.set(JAVA_INT, 36, op); // enum proc_cn_mcast_op
      long sent = (long) LibC.SENDTO.invokeExact(state, fd, msg, (long) SUBSCRIBE_LEN, 0, address(call, 0), 12);
      if (sent < 0) {
        throw failure("sendto(process connector, op " + op + ")", state);
      }
    } catch (NetlinkException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new NetlinkException("sendto failed: " + e, e);
    }
  }

  /**
   * Waits up to the receive timeout for one datagram.
   *
   * @return its length, or empty if none came in time (or a signal interrupted the wait)
   * @throws NetlinkException on a socket error; errno {@link #ENOBUFS} means the kernel dropped
   *     events because the receive buffer was full, and reading can go on
   */
  OptionalInt receive() throws NetlinkException {
    long n;
    try {
      n = (long) LibC.RECV.invokeExact(receiveState, fd, buffer, buffer.byteSize(), 0);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new NetlinkException("recv failed: " + e, e);
    }
    if (n >= 0) {
      return OptionalInt.of((int) n);
    }
    int errno = LibC.errno(receiveState);
    if (errno == EAGAIN || errno == EINTR) {
      return OptionalInt.empty();
    }
    throw new NetlinkException("recv", errno, LibC.strerror(errno));
  }

  /** The first {@code length} bytes received by the last {@link #receive}; valid until the next. */
  ByteBuffer received(int length) {
    return buffer.asSlice(0, length).asByteBuffer();
  }

  /** Closes the socket and frees its buffers; call after the reader thread has stopped. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      try {
        // close(2) of a socket fails only for a bad descriptor, which this class never hands out.
        int unused = (int) LibC.CLOSE.invokeExact(receiveState, fd);
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable e) {
        throw new IllegalStateException("close(" + fd + ") failed: " + e, e);
      } finally {
        arena.close();
      }
    }
  }

  /** A struct sockaddr_nl: the kernel (port 0) with the multicast {@code groups}. */
  private static MemorySegment address(Arena arena, int groups) {
    MemorySegment a = arena.allocate(12, 4);
    a.set(JAVA_SHORT, 0, (short) AF_NETLINK);
    a.set(JAVA_INT, 8, groups);
    return a;
  }

  private static NetlinkException nativeAccessDenied(IllegalCallerException e) {
    return new NetlinkException("native access is denied; run the agent with --enable-native-access=ALL-UNNAMED", e);
  }

  private static NetlinkException failure(String call, MemorySegment state) {
    int errno = LibC.errno(state);
    return new NetlinkException(call, errno, LibC.strerror(errno));
  }
}
