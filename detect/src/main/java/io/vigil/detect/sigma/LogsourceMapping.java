package io.vigil.detect.sigma;

import io.vigil.model.WireName;
import io.vigil.model.event.AgentStatistics;
import io.vigil.model.event.ConfigurationError;
import io.vigil.model.event.ConnectedHardware;
import io.vigil.model.event.ConnectionCreate;
import io.vigil.model.event.DeviceEvent;
import io.vigil.model.event.Diagnostic;
import io.vigil.model.event.Direction;
import io.vigil.model.event.DroppedEventsStatistics;
import io.vigil.model.event.FileIntegrity;
import io.vigil.model.event.FirewallConfiguration;
import io.vigil.model.event.Heartbeat;
import io.vigil.model.event.HubOperation;
import io.vigil.model.event.KernelModule;
import io.vigil.model.event.ListeningPorts;
import io.vigil.model.event.LocalUsers;
import io.vigil.model.event.Login;
import io.vigil.model.event.MessageStatistics;
import io.vigil.model.event.OSBaseline;
import io.vigil.model.event.Peripheral;
import io.vigil.model.event.ProcessCreate;
import io.vigil.model.event.ProcessTerminate;
import io.vigil.model.event.Sbom;
import io.vigil.model.event.SystemInformation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Turns a device event into what Sigma rules see: one field map per payload item, with the
 * logsources it belongs to. The table is in the module README; keep the two in step.
 *
 * <p>Every item has the fields of its wire format (the security message schema's names, enums in
 * their wire spelling), its {@code ExtraDetails} entries where they do not clash, and {@code
 * DeviceId} and {@code SecurityGroup}. Process, connection and file events add Sigma's taxonomy
 * names ({@code Image}, {@code DestinationIp}, {@code TargetFilename} ...) under Sigma's own
 * logsources; every event kind also has the logsource {@code product: vigil, category: <kind>}.
 */
final class LogsourceMapping {
  private LogsourceMapping() {}

  /** One payload item as a Sigma event. */
  record Item(List<Logsource> logsources, Map<String, Object> fields) {}

  private static final Map<String, List<Logsource>> LOGSOURCES = new ConcurrentHashMap<>();

  static final Logsource PROCESS_CREATION = Logsource.of("linux", "process_creation");
  static final Logsource PROCESS_TERMINATION = Logsource.of("linux", "process_termination");
  static final Logsource NETWORK_CONNECTION = Logsource.of("linux", "network_connection");
  private static final Logsource FILE_INTEGRITY = Logsource.of("vigil", "file_integrity");
  private static final List<Logsource> FILE_EVENT = List.of(FILE_INTEGRITY, Logsource.of("linux", "file_event"));
  private static final List<Logsource> FILE_CHANGE = List.of(FILE_INTEGRITY, Logsource.of("linux", "file_change"));
  private static final List<Logsource> FILE_DELETE = List.of(FILE_INTEGRITY, Logsource.of("linux", "file_delete"));

  static List<Item> items(DeviceEvent event) {
    return switch (event.event()) {
      case ProcessCreate e -> map(e.payload(), "process_create", p -> fields(event)
          .put("Image", p.executable()).put("CommandLine", p.commandLine())
          .put("ParentImage", p.extraDetails().get("ParentExecutable"))
          .put("ParentCommandLine", p.extraDetails().get("ParentCommandLine"))
          .put("CurrentDirectory", p.extraDetails().get("CurrentDirectory"))
          .put("User", p.userName() != null ? p.userName() : p.userId())
          .put("ProcessId", p.processId()).put("ParentProcessId", p.parentProcessId())
          .put("Executable", p.executable()).put("UserId", p.userId()).put("UserName", p.userName())
          .extra(p.extraDetails()), PROCESS_CREATION);
      case ProcessTerminate e -> map(e.payload(), "process_terminate", p -> fields(event)
          .put("Image", p.executable()).put("ProcessId", p.processId())
          .put("Executable", p.executable()).put("ExitStatus", p.exitStatus()).extra(p.extraDetails()), PROCESS_TERMINATION);
      case ConnectionCreate e -> map(e.payload(), "connection_create", c -> connection(c, event), NETWORK_CONNECTION);
      case Login e -> map(e.payload(), "login", a -> fields(event)
          .put("ProcessId", a.processId()).put("UserId", a.userId()).put("UserName", a.userName())
          .put("Operation", a.operation()).put("Executable", a.executable()).put("RemoteAddress", a.remoteAddress())
          .put("RemotePort", port(a.remotePort())).put("LocalPort", port(a.localPort())).put("Result", a.result())
          .extra(a.extraDetails()));
      case ListeningPorts e -> map(e.payload(), "listening_ports", p -> fields(event)
          .put("RemoteAddress", p.remoteAddress()).put("RemotePort", port(p.remotePort()))
          .put("LocalAddress", p.localAddress()).put("LocalPort", port(p.localPort())).put("Protocol", p.protocol())
          .extra(p.extraDetails()));
      case FirewallConfiguration e -> map(e.payload(), "firewall_configuration", r -> fields(event)
          .put("Priority", r.priority()).put("Direction", r.direction()).put("ChainName", r.chainName())
          .put("Application", r.application()).put("Enabled", r.enabled()).put("Action", r.action())
          .put("SourceAddress", r.sourceAddress()).put("SourcePort", r.sourcePort())
          .put("DestinationAddress", r.destinationAddress()).put("DestinationPort", r.destinationPort())
          .put("Protocol", r.protocol()).extra(r.extraDetails()));
      case LocalUsers e -> map(e.payload(), "local_users", u -> fields(event)
          .put("GroupIds", u.groupIds()).put("GroupNames", u.groupNames()).put("UserId", u.userId())
          .put("UserName", u.userName()).extra(u.extraDetails()));
      case ConnectedHardware e -> map(e.payload(), "connected_hardware", h -> fields(event)
          .put("HardwareCategory", h.category()).put("HardwareSubCategory", h.subCategory())
          .put("HardwareName", h.name()).extra(h.extraDetails()));
      case OSBaseline e -> map(e.payload(), "os_baseline", c -> fields(event)
          .put("Description", c.description()).put("CceId", c.cceId()).put("Result", c.result())
          .put("Error", c.error()).put("Severity", c.severity()).extra(c.extraDetails()));
      case SystemInformation e -> map(e.payload(), "system_information", i -> fields(event)
          .put("OSName", i.osName()).put("OSVersion", i.osVersion()).put("OSVendor", i.osVendor())
          .put("OsArchitecture", i.osArchitecture()).put("HostName", i.hostName()).put("BIOSVersion", i.biosVersion())
          .put("BootDevice", i.bootDevice()).put("TotalPhysicalMemoryInKB", i.totalPhysicalMemoryKb())
          .put("FreePhysicalMemoryInKB", i.freePhysicalMemoryKb()).put("TotalVirtualMemoryInKB", i.totalVirtualMemoryKb())
          .put("FreeVirtualMemoryInKB", i.freeVirtualMemoryKb()).extra(i.extraDetails()));
      case Diagnostic e -> map(e.payload(), "diagnostic", d -> fields(event)
          .put("CorrelationId", d.correlationId()).put("Severity", d.severity()).put("Message", d.message())
          .put("ProcessId", d.processId()).put("ThreadId", d.threadId()).extra(d.extraDetails()));
      case ConfigurationError e -> map(e.payload(), "configuration_error", c -> fields(event)
          .put("ConfigurationName", c.configurationName()).put("ErrorType", c.errorType())
          .put("UsedConfiguration", c.usedConfiguration()).put("Message", c.message()).extra(c.extraDetails()));
      case DroppedEventsStatistics e -> map(e.payload(), "dropped_events_statistics", q -> fields(event)
          .put("Queue", q.queue()).put("CollectedEvents", q.collectedEvents()).put("DroppedEvents", q.droppedEvents())
          .extra(q.extraDetails()));
      case MessageStatistics e -> map(e.payload(), "message_statistics", m -> fields(event)
          .put("MessagesSent", m.messagesSent()).put("MessagesUnder4KB", m.messagesUnder4Kb())
          .put("TotalFailed", m.totalFailed()).extra(m.extraDetails()));
      case Sbom e -> map(e.payload(), "sbom", p -> fields(event)
          .put("Name", p.name()).put("Version", p.version()).put("Architecture", p.architecture())
          .put("Manager", p.manager()).extra(p.extraDetails()));
      case KernelModule e -> map(e.payload(), "kernel_module", m -> fields(event)
          .put("Operation", m.operation()).put("Name", m.name()).put("SizeBytes", m.sizeBytes()).extra(m.extraDetails()));
      case FileIntegrity e -> {
        List<Item> out = new ArrayList<>();
        for (FileIntegrity.Change c : e.payload()) {
          List<Logsource> logsources = switch (c.change()) {
            case CREATED -> FILE_EVENT;
            case MODIFIED -> FILE_CHANGE;
            case DELETED -> FILE_DELETE;
          };
          out.add(new Item(logsources, fields(event)
              .put("TargetFilename", c.path()).put("Path", c.path()).put("Change", c.change()).put("Sha256", c.sha256())
              .put("Mode", c.mode()).put("Owner", c.owner()).put("ModifiedTime", c.modifiedTime())
              .extra(c.extraDetails()).map));
        }
        yield out;
      }
      case Peripheral e -> map(e.payload(), "peripheral", p -> fields(event)
          .put("Operation", p.operation()).put("DeviceClass", p.deviceClass()).put("Name", p.name())
          .put("VendorId", p.vendorId()).put("ProductId", p.productId()).put("Serial", p.serial()).extra(p.extraDetails()));
      case Heartbeat e -> map(e.payload(), "heartbeat", b -> fields(event)
          .put("UptimeSeconds", b.uptimeSeconds()).extra(b.extraDetails()));
      case HubOperation e -> map(e.payload(), "hub_operation", o -> fields(event)
          .put("Operation", o.operation()).put("Result", o.result()).put("Protocol", o.protocol())
          .put("SourceIp", o.sourceIp()).extra(o.extraDetails()));
      case AgentStatistics e -> map(e.payload(), "agent_statistics", c -> fields(event)
          .put("Name", c.name()).put("Status", c.status()).put("Collected", c.collected()).put("Sent", c.sent())
          .put("Dropped", c.dropped()).put("Reason", c.reason()).extra(c.extraDetails()));
    };
  }

  /**
   * A connection in Sigma's terms: Source is the side that opened it, Destination the side that
   * accepted it, so an outgoing connection's destination is the remote end and an incoming one's
   * is this device.
   */
  private static Fields connection(ConnectionCreate.Connection c, DeviceEvent event) {
    boolean out = c.direction() == Direction.OUT;
    return fields(event)
        .put("Image", c.executable()).put("CommandLine", c.commandLine()).put("ProcessId", c.processId())
        .put("User", c.extraDetails().getOrDefault("UserName", c.userId()))
        .put("Initiated", out)
        .put("DestinationIp", out ? c.remoteAddress() : c.localAddress())
        .put("DestinationPort", port(out ? c.remotePort() : c.localPort()))
        .put("SourceIp", out ? c.localAddress() : c.remoteAddress())
        .put("SourcePort", port(out ? c.localPort() : c.remotePort()))
        .put("Protocol", c.protocol())
        .put("RemoteAddress", c.remoteAddress()).put("RemotePort", port(c.remotePort()))
        .put("LocalAddress", c.localAddress()).put("LocalPort", port(c.localPort()))
        .put("Direction", c.direction()).put("Executable", c.executable()).put("UserId", c.userId())
        .extra(c.extraDetails());
  }

  /** One item per payload entry, each with the Sigma logsources given plus {@code product: vigil, category: vigilCategory}. */
  private static <T> List<Item> map(List<T> items, String vigilCategory, Function<T, Fields> fields, Logsource... sigma) {
    List<Logsource> shared = logsources(vigilCategory, sigma);
    List<Item> out = new ArrayList<>(items.size());
    for (T item : items) {
      out.add(new Item(shared, fields.apply(item).map));
    }
    return out;
  }

  /**
   * The Sigma logsources given plus {@code product: vigil, category: vigilCategory}: one shared
   * list per combination, so that rule sets find their groups for it quickly.
   */
  private static List<Logsource> logsources(String vigilCategory, Logsource... sigma) {
    // Each Vigil category comes with the same Sigma logsources (see items), so it is the key.
    String key = vigilCategory;
    List<Logsource> shared = LOGSOURCES.get(key);
    if (shared == null) {
      List<Logsource> logsources = new ArrayList<>(List.of(sigma));
      logsources.add(Logsource.of("vigil", vigilCategory));
      shared = List.copyOf(logsources);
      LOGSOURCES.putIfAbsent(key, shared);
    }
    return shared;
  }

  private static Fields fields(DeviceEvent event) {
    return new Fields().put("DeviceId", event.deviceId()).put("SecurityGroup", event.securityGroup());
  }

  /** A port as a number when it is one, so that gt/lt compare numerically and equality reads naturally. */
  private static Object port(String port) {
    if (port == null || port.isEmpty() || port.length() > 9) {
      return port;
    }
    for (int i = 0; i < port.length(); i++) {
      if (!Character.isDigit(port.charAt(i))) {
        return port;
      }
    }
    return Long.parseLong(port);
  }

  /** A field map that skips nulls and writes enums and instants as the wire does. */
  private static final class Fields {
    final Map<String, Object> map = new FieldMap();

    Fields put(String name, Object value) {
      switch (value) {
        case null -> {}
        case WireName w -> map.put(name, w.wireName()); // computed once per enum constant
        case Instant i -> map.put(name, i.toString());
        default -> map.put(name, value);
      }
      return this;
    }

    /** Adds the ExtraDetails entries whose names no mapped field has. */
    Fields extra(Map<String, String> extra) {
      extra.forEach(map::putIfAbsent);
      return this;
    }
  }
}
