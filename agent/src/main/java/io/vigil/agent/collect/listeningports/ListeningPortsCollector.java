package io.vigil.agent.collect.listeningports;

import io.vigil.agent.collect.Collector;
import io.vigil.agent.collect.CollectorContext;
import io.vigil.agent.collect.CollectorUnavailableException;
import io.vigil.agent.collect.network.SocketOwners;
import io.vigil.agent.collect.network.SocketRow;
import io.vigil.agent.collect.network.SocketTable;
import io.vigil.model.event.ListeningPorts;
import io.vigil.model.event.SecurityEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code listening_ports} collector: a snapshot of the TCP listeners and bound UDP sockets,
 * IPv4 and IPv6, from /proc/net/{tcp,tcp6,udp,udp6}.
 *
 * <p>Each port's remote address is the wildcard address of its local address's family and its
 * remote port {@code *}, as netstat shows them. ExtraDetails name the owner: {@code ProcessId},
 * {@code Executable} and {@code CommandLine} when the process holding the socket is found (which
 * for another user's sockets needs root), and {@code UserId}, the socket creator's uid, always.
 * Sockets several processes share (a listener inherited by forked workers) are reported once, for
 * the lowest pid; SO_REUSEPORT listeners of different processes once per process. Ports are sorted
 * by protocol, port and address. Not thread-safe: the agent's collector thread calls it.
 */
public final class ListeningPortsCollector implements Collector {
  private static final Comparator<ListeningPorts.Port> ORDER = Comparator.comparing(ListeningPorts.Port::protocol)
      .thenComparingInt(p -> Integer.parseInt(p.localPort()))
      .thenComparing(ListeningPorts.Port::localAddress);

  private final CollectorContext ctx;
  private final SocketTable table;
  private final SocketOwners owners;

  public ListeningPortsCollector(CollectorContext ctx) {
    this(ctx, new SocketTable(ctx));
  }

  ListeningPortsCollector(CollectorContext ctx, SocketTable table) {
    this.ctx = ctx;
    this.table = table;
    this.owners = new SocketOwners(ctx);
  }

  @Override
  public String name() {
    return "listening_ports";
  }

  /**
   * One {@link ListeningPorts} snapshot (its payload empty when nothing listens), plus a warning the
   * first time a table has malformed lines.
   *
   * @throws CollectorUnavailableException if there is no /proc/net/tcp under the root
   */
  @Override
  public List<SecurityEvent> collect() throws CollectorUnavailableException {
    SocketTable.Result read = table.read();
    List<SocketRow> listeners = read.sockets().stream().filter(SocketRow::isListening).toList();
    Set<Long> inodes = new HashSet<>();
    listeners.forEach(s -> inodes.add(s.inode()));
    inodes.remove(0L);
    Map<Long, SocketOwners.Owner> found = owners.find(inodes);
    Set<ListeningPorts.Port> ports = new LinkedHashSet<>();
    for (SocketRow s : listeners) {
      ports.add(port(s, found.get(s.inode())));
    }
    List<ListeningPorts.Port> sorted = new ArrayList<>(ports);
    sorted.sort(ORDER);
    List<SecurityEvent> events = new ArrayList<>(2);
    read.warning(ctx, name()).ifPresent(events::add);
    events.add(new ListeningPorts(ctx.header(), sorted));
    return events;
  }

  private static ListeningPorts.Port port(SocketRow s, SocketOwners.Owner owner) {
    Map<String, String> extra = new LinkedHashMap<>();
    if (owner != null) {
      extra.put("ProcessId", Long.toString(owner.pid()));
      if (owner.executable() != null) {
        extra.put("Executable", owner.executable());
      }
      if (owner.commandLine() != null) {
        extra.put("CommandLine", owner.commandLine());
      }
    }
    extra.put("UserId", Long.toString(s.uid()));
    // A tcp6 socket bound to an IPv4-mapped address takes IPv4 peers only.
    String wildcard = s.localAddress().indexOf(':') < 0 ? "0.0.0.0" : "::";
    return new ListeningPorts.Port(
        wildcard, "*", s.localAddress(), Integer.toString(s.localPort()), s.protocol(), extra);
  }
}
