package io.vigil.wire;

import io.vigil.model.event.ConnectionCreate;
import io.vigil.model.event.Direction;
import io.vigil.model.event.FirewallConfiguration;
import io.vigil.model.event.ListeningPorts;

/** Payload items of ConnectionCreate, ListeningPorts and FirewallConfiguration (schema v1.0). */
final class NetworkFormats {
  private NetworkFormats() {}

  static final ItemFormat<ConnectionCreate.Connection> CONNECTION_CREATE = new ItemFormat<>(
      in -> {
        var remoteAddress = in.ip("RemoteAddress");
        var remotePort = in.string("RemotePort");
        var localAddress = in.optionalIp("LocalAddress");
        var localPort = in.optionalString("LocalPort");
        var direction = in.enumeration("Direction", Direction.class);
        var protocol = in.string("Protocol");
        var processId = in.integer("ProcessId");
        var userId = in.optionalString("UserId");
        var executable = in.string("Executable");
        var commandLine = in.optionalString("CommandLine");
        var extra = in.extraDetails();
        return in.build(() -> new ConnectionCreate.Connection(remoteAddress, remotePort, localAddress, localPort,
            direction, protocol, processId, userId, executable, commandLine, extra));
      },
      (item, out) -> {
        out.ip("RemoteAddress", item.remoteAddress());
        out.string("RemotePort", item.remotePort());
        out.ip("LocalAddress", item.localAddress());
        out.string("LocalPort", item.localPort());
        out.enumeration("Direction", item.direction());
        out.string("Protocol", item.protocol());
        out.integer("ProcessId", item.processId());
        out.string("UserId", item.userId());
        out.string("Executable", item.executable());
        out.string("CommandLine", item.commandLine());
        out.extraDetails(item.extraDetails());
      });

  static final ItemFormat<ListeningPorts.Port> LISTENING_PORTS = new ItemFormat<>(
      in -> {
        var remoteAddress = in.optionalIp("RemoteAddress");
        var remotePort = in.optionalString("RemotePort");
        var localAddress = in.optionalIp("LocalAddress");
        var localPort = in.string("LocalPort");
        var protocol = in.string("Protocol");
        var extra = in.extraDetails();
        return in.build(() -> new ListeningPorts.Port(remoteAddress, remotePort, localAddress, localPort, protocol, extra));
      },
      (item, out) -> {
        out.ip("RemoteAddress", item.remoteAddress());
        out.string("RemotePort", item.remotePort());
        out.ip("LocalAddress", item.localAddress());
        out.string("LocalPort", item.localPort());
        out.string("Protocol", item.protocol());
        out.extraDetails(item.extraDetails());
      });

  static final ItemFormat<FirewallConfiguration.Rule> FIREWALL_CONFIGURATION = new ItemFormat<>(
      in -> {
        var priority = in.optionalInteger("Priority");
        var direction = in.optionalEnumeration("Direction", Direction.class);
        var chainName = in.optionalString("ChainName");
        var application = in.optionalString("Application");
        var enabled = in.bool("Enabled");
        var action = in.enumeration("Action", FirewallConfiguration.Action.class);
        var sourceAddress = in.optionalString("SourceAddress");
        var sourcePort = in.optionalString("SourcePort");
        var destinationAddress = in.optionalString("DestinationAddress");
        var destinationPort = in.optionalString("DestinationPort");
        var protocol = in.optionalString("Protocol");
        var extra = in.extraDetails();
        return in.build(() -> new FirewallConfiguration.Rule(priority, direction, chainName, application, enabled,
            action, sourceAddress, sourcePort, destinationAddress, destinationPort, protocol, extra));
      },
      (item, out) -> {
        out.optionalInteger("Priority", item.priority());
        out.enumeration("Direction", item.direction());
        out.string("ChainName", item.chainName());
        out.string("Application", item.application());
        out.bool("Enabled", item.enabled());
        out.enumeration("Action", item.action());
        // SourceAddress and DestinationAddress are the schema's "iptag": an address, range or tag.
        out.string("SourceAddress", item.sourceAddress());
        out.string("SourcePort", item.sourcePort());
        out.string("DestinationAddress", item.destinationAddress());
        out.string("DestinationPort", item.destinationPort());
        out.string("Protocol", item.protocol());
        out.extraDetails(item.extraDetails());
      });
}
