package io.vigil.model.event;

import io.vigil.model.Require;
import java.util.List;
import java.util.Map;

/** A snapshot of the sockets listening for connections. */
public record ListeningPorts(EventHeader header, List<Port> payload) implements SecurityEvent {
  public ListeningPorts {
    payload = Payloads.of(EventKind.LISTENING_PORTS, header, payload);
  }

  @Override
  public EventKind kind() {
    return EventKind.LISTENING_PORTS;
  }

  /** One listener; the address fields are null when unknown. */
  public record Port(
      String remoteAddress,
      String remotePort,
      String localAddress,
      String localPort,
      String protocol,
      Map<String, String> extraDetails) {
    public Port {
      Require.present(localPort, "LocalPort");
      Require.present(protocol, "Protocol");
      extraDetails = Require.copy(extraDetails, "ExtraDetails");
    }
  }
}
