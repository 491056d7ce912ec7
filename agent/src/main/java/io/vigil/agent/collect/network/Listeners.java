package io.vigil.agent.collect.network;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The listening sockets of one read of the socket table, by protocol and port: which tell an
 * accepted connection (In) from an opened one (Out).
 */
final class Listeners {
  private final Map<String, List<SocketRow>> byPort = new HashMap<>();

  Listeners(List<SocketRow> sockets) {
    for (SocketRow s : sockets) {
      if (s.isListening()) {
        byPort.computeIfAbsent(key(s.protocol(), s.localPort()), k -> new ArrayList<>()).add(s);
      }
    }
  }

  /**
   * The listener that accepted {@code connection}: one of the same protocol on its local port,
   * bound to its local address or to a wildcard address that takes it ({@code ::} takes IPv4 too,
   * {@code 0.0.0.0} only IPv4); empty if it was opened from here.
   */
  Optional<SocketRow> acceptedBy(SocketRow connection) {
    List<SocketRow> candidates = byPort.getOrDefault(key(connection.protocol(), connection.localPort()), List.of());
    SocketRow wildcard = null;
    for (SocketRow listener : candidates) {
      if (listener.localAddress().equals(connection.localAddress())) {
        return Optional.of(listener);
      }
      boolean takes = listener.localAddress().equals("::")
          || (listener.localAddress().equals("0.0.0.0") && connection.localAddress().indexOf(':') < 0);
      if (wildcard == null && takes) {
        wildcard = listener;
      }
    }
    return Optional.ofNullable(wildcard);
  }

  private static String key(String protocol, int port) {
    return protocol + "/" + port;
  }
}
