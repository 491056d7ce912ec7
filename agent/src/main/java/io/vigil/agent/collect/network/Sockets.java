package io.vigil.agent.collect.network;

import io.vigil.agent.collect.CollectorContext;
import io.vigil.agent.collect.CollectorUnavailableException;

/**
 * Where the kernel's socket list comes from: NETLINK_SOCK_DIAG on the live system (the kernel
 * sends only the sockets that exist), else /proc/net/{tcp,tcp6,udp,udp6} (which the kernel builds by
 * walking its whole socket hash tables on every read, and which a mounted image root has too).
 */
public interface Sockets extends AutoCloseable {
  /** Every TCP and UDP socket, IPv4 and IPv6, now. */
  SocketTable.Result read() throws CollectorUnavailableException;

  @Override
  default void close() {}

  /** sock_diag when the root is the live system and the socket opens, else the /proc/net tables. */
  static Sockets of(CollectorContext ctx) {
    if (ctx.isLiveRoot()) {
      try {
        return SockDiag.open();
      } catch (CollectorUnavailableException e) {
        // No netlink here (a kernel without sock_diag, or no native access): the tables serve.
      }
    }
    return new SocketTable(ctx);
  }
}
