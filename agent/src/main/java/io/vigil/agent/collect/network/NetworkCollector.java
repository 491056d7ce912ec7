package io.vigil.agent.collect.network;

import io.vigil.agent.collect.Collector;
import io.vigil.agent.collect.CollectorContext;
import io.vigil.agent.collect.CollectorUnavailableException;
import io.vigil.model.event.ConnectionCreate;
import io.vigil.model.event.Direction;
import io.vigil.model.event.SecurityEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code network} collector: TCP and UDP connections, IPv4 and IPv6, opened or accepted since
 * the previous call, as {@link ConnectionCreate} events.
 *
 * <p>It diffs the kernel's sockets between calls: a NETLINK_SOCK_DIAG dump on the live system, else
 * /proc/net/{tcp,tcp6,udp,udp6} (see {@link Sockets}); the first call learns
 * what is open and reports nothing. A connection is a TCP socket that reached ESTABLISHED (it may
 * already be closing, even in TIME_WAIT) or a UDP socket connected to a peer. Its direction is In
 * when a listener of the same protocol holds its local port, Out otherwise. Its owner is the
 * process holding the socket's inode ({@link SocketOwners}); a connection still waiting in the
 * accept queue belongs to its listener's owner.
 *
 * <p>Polling has limits, which the events do not hide:
 *
 * <ul>
 *   <li>A connection that opens and vanishes between two calls is missed. TCP connections linger
 *       in TIME_WAIT for a minute on the side that closed first, which catches many short ones,
 *       but by then no process holds them: such events say {@code OwnerKnown=false}.
 *   <li>Unconnected UDP (a {@code sendto} to any peer) has no remote address in the table and so
 *       is no connection here; DNS lookups through glibc connect their socket and are seen.
 *   <li>Attributing another user's sockets needs root or CAP_SYS_PTRACE.
 * </ul>
 *
 * <p>Each item's ExtraDetails hold {@code OwnerKnown} ({@code true}/{@code false}), {@code State}
 * for TCP (the kernel's state name when seen), and {@code ExecutableDeleted=true} when the
 * owner's executable was deleted. An unattributed connection has process id 0 and executable
 * {@code [unknown]}. Not thread-safe: the agent's collector thread calls it.
 */
public final class NetworkCollector implements Collector {
  static final int ITEMS_PER_EVENT = 200;
  static final String UNKNOWN = "[unknown]";

  private final CollectorContext ctx;
  private final Sockets table;
  private final SocketOwners owners;
  /** The fingerprints of the connections open at the previous call, sorted; null before the first. */
  private long[] known;

  public NetworkCollector(CollectorContext ctx) {
    this(ctx, Sockets.of(ctx));
  }

  NetworkCollector(CollectorContext ctx, Sockets table) {
    this.ctx = ctx;
    this.table = table;
    this.owners = new SocketOwners(ctx);
  }

  @Override
  public String name() {
    return "network";
  }

  @Override
  public void close() {
    table.close();
  }

  /**
   * The connections opened or accepted since the previous call, in events of at most 200 items,
   * plus a warning the first time a table has malformed lines.
   *
   * @throws CollectorUnavailableException if there is no /proc/net/tcp under the root
   */
  @Override
  public List<SecurityEvent> collect() throws CollectorUnavailableException {
    SocketTable.Result read = table.read();
    List<SecurityEvent> events = new ArrayList<>();
    read.warning(ctx, name()).ifPresent(events::add);
    List<SocketRow> sockets = read.sockets();
    long[] now = new long[sockets.size()];
    int count = 0;
    for (SocketRow s : sockets) {
      if (s.isConnection()) {
        now[count++] = fingerprint(s);
      }
    }
    now = Arrays.copyOf(now, count);
    Arrays.sort(now);
    long[] previous = known;
    known = now;
    if (previous == null) {
      return events;
    }
    List<SocketRow> fresh = new ArrayList<>();
    Set<Long> taken = new HashSet<>();
    for (SocketRow s : sockets) {
      if (s.isConnection()) {
        long f = fingerprint(s);
        if (Arrays.binarySearch(previous, f) < 0 && taken.add(f)) {
          fresh.add(s);
        }
      }
    }
    if (fresh.isEmpty()) {
      return events;
    }
    Listeners listeners = new Listeners(read.sockets());
    Map<SocketRow, SocketRow> accepted = new LinkedHashMap<>();
    Set<Long> inodes = new HashSet<>();
    for (SocketRow s : fresh) {
      Optional<SocketRow> listener = listeners.acceptedBy(s);
      listener.ifPresent(l -> accepted.put(s, l));
      long inode = s.inode() != 0 ? s.inode() : listener.map(SocketRow::inode).orElse(0L);
      if (inode != 0) {
        inodes.add(inode);
      }
    }
    Map<Long, SocketOwners.Owner> found = owners.find(inodes);
    List<ConnectionCreate.Connection> items = new ArrayList<>(fresh.size());
    for (SocketRow s : fresh) {
      items.add(connection(s, accepted.get(s), found));
    }
    for (int i = 0; i < items.size(); i += ITEMS_PER_EVENT) {
      events.add(new ConnectionCreate(ctx.header(), items.subList(i, Math.min(items.size(), i + ITEMS_PER_EVENT))));
    }
    return events;
  }

  /** One item; {@code listener} is the socket that accepted it, null for an Out connection. */
  private static ConnectionCreate.Connection connection(SocketRow s, SocketRow listener, Map<Long, SocketOwners.Owner> owners) {
    // A socket no process holds yet (inode 0) waits in its listener's accept queue: the listener's owner will take it.
    SocketRow held = s.inode() == 0 && listener != null ? listener : s;
    SocketOwners.Owner owner = owners.get(held.inode());
    Map<String, String> extra = new LinkedHashMap<>();
    extra.put("OwnerKnown", Boolean.toString(owner != null));
    if (s.protocol().equals("TCP")) {
      extra.put("State", s.stateName());
    }
    if (owner != null && owner.executableDeleted()) {
      extra.put("ExecutableDeleted", "true");
    }
    return new ConnectionCreate.Connection(
        s.remoteAddress(),
        Integer.toString(s.remotePort()),
        s.localAddress(),
        Integer.toString(s.localPort()),
        listener != null ? Direction.IN : Direction.OUT,
        s.protocol(),
        owner != null ? owner.pid() : 0,
        held.inode() != 0 ? Long.toString(held.uid()) : null,
        owner != null && owner.executable() != null ? owner.executable() : UNKNOWN,
        owner != null ? owner.commandLine() : null,
        extra);
  }

  /**
   * What tells one connection from another (protocol and both ends) as a 64-bit FNV-1a hash, so
   * that remembering a host's connections between calls costs 8 bytes each: a gateway can hold
   * tens of thousands, and the agent's heap is 12 MB. Two connections collide with a chance of
   * about n&sup2; / 2<sup>65</sup> (10<sup>-11</sup> for 20,000); a new connection that collided
   * with an old one would go unreported.
   */
  static long fingerprint(SocketRow s) {
    long h = 0xcbf29ce484222325L;
    h = mix(h, s.protocol());
    h = mix(h, s.localAddress());
    h = mix(h, s.localPort());
    h = mix(h, s.remoteAddress());
    return mix(h, s.remotePort());
  }

  private static long mix(long h, String text) {
    for (int i = 0; i < text.length(); i++) {
      h = (h ^ text.charAt(i)) * 0x100000001b3L;
    }
    return (h ^ 0xff) * 0x100000001b3L; // a separator, so that "1.2.3.4" + "5" differs from "1.2.3.45" + ""
  }

  private static long mix(long h, int port) {
    for (int shift = 0; shift < 32; shift += 8) {
      h = (h ^ ((port >>> shift) & 0xff)) * 0x100000001b3L;
    }
    return h;
  }
}
