package io.vigil.model.event;

import io.vigil.model.Require;
import java.util.List;
import java.util.Map;

/** Network connections that were opened or accepted, TCP or UDP, IPv4 or IPv6. */
public record ConnectionCreate(EventHeader header, List<Connection> payload) implements SecurityEvent {
  public ConnectionCreate {
    payload = Payloads.of(EventKind.CONNECTION_CREATE, header, payload);
  }

  @Override
  public EventKind kind() {
    return EventKind.CONNECTION_CREATE;
  }

  /**
   * One connection.
   *
   * @param localAddress null when unknown
   * @param localPort null when unknown
   * @param userId null when unknown
   * @param commandLine null when unknown
   */
  public record Connection(
      String remoteAddress,
      String remotePort,
      String localAddress,
      String localPort,
      Direction direction,
      String protocol,
      long processId,
      String userId,
      String executable,
      String commandLine,
      Map<String, String> extraDetails) {
    public Connection {
      Require.present(remoteAddress, "RemoteAddress");
      Require.present(remotePort, "RemotePort");
      Require.present(direction, "Direction");
      Require.present(protocol, "Protocol");
      Require.present(executable, "Executable");
      extraDetails = Require.copy(extraDetails, "ExtraDetails");
    }
  }
}
