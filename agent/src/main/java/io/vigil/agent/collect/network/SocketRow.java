package io.vigil.agent.collect.network;

import java.util.Set;

/**
 * One socket, one line of /proc/net/{tcp,tcp6,udp,udp6}.
 *
 * @param protocol {@code TCP} or {@code UDP}
 * @param ipVersion 4 or 6: the table the line came from (an IPv4-mapped peer of a tcp6 socket has
 *     version 6 and an IPv4 address)
 * @param localAddress IPv4 dotted quad or RFC 5952 IPv6 text
 * @param remoteAddress {@code 0.0.0.0} or {@code ::} when the socket has no peer
 * @param state the kernel's TCP state number; for UDP 1 (connected) or 7 (unconnected)
 * @param uid the uid of the socket's creator; 0 for a socket no process holds
 * @param inode the socket's inode, which /proc/PID/fd links name; 0 when no process holds it (a
 *     TCP connection in TIME_WAIT, or still waiting in a listener's accept queue)
 */
public record SocketRow(
    String protocol,
    int ipVersion,
    String localAddress,
    int localPort,
    String remoteAddress,
    int remotePort,
    int state,
    long uid,
    long inode) {

  private static final int LISTEN = 0x0A;

  /** TCP states a connection reaches only once it was established: ESTABLISHED and the closing ones. */
  private static final Set<Integer> ONCE_ESTABLISHED = Set.of(0x01, 0x04, 0x05, 0x06, 0x08, 0x09, 0x0B);

  private static final String[] TCP_STATES = {
    "UNKNOWN", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT", "CLOSE",
    "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING", "NEW_SYN_RECV"
  };

  /** True for a TCP listener, or a UDP socket bound to a port without a peer. */
  public boolean isListening() {
    return protocol.equals("TCP") ? state == LISTEN : !hasPeer();
  }

  /**
   * True for a TCP connection that was established (it may be closing now) or a UDP socket connected
   * to a peer.
   */
  public boolean isConnection() {
    return protocol.equals("TCP") ? ONCE_ESTABLISHED.contains(state) : hasPeer();
  }

  /** The kernel's name of the TCP state, such as {@code ESTABLISHED} or {@code TIME_WAIT}. */
  public String stateName() {
    return state >= 0 && state < TCP_STATES.length ? TCP_STATES[state] : "UNKNOWN(" + state + ")";
  }

  private boolean hasPeer() {
    return remotePort != 0 || !HexAddress.isWildcard(remoteAddress);
  }
}
