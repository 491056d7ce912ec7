package io.vigil.detect.sigma;

import io.vigil.detect.sigma.ItemFields.Shape;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
      case ProcessCreate e -> map(event, e.payload(), "process_create", PROCESS_CREATE_FIELDS, PROCESS_CREATION);
      case ProcessTerminate e -> map(event, e.payload(), "process_terminate", PROCESS_TERMINATE_FIELDS, PROCESS_TERMINATION);
      case ConnectionCreate e -> map(event, e.payload(), "connection_create", CONNECTION_FIELDS, NETWORK_CONNECTION);
      case Login e -> map(event, e.payload(), "login", LOGIN_FIELDS);
      case ListeningPorts e -> map(event, e.payload(), "listening_ports", LISTENING_PORT_FIELDS);
      case FirewallConfiguration e -> map(event, e.payload(), "firewall_configuration", FIREWALL_RULE_FIELDS);
      case LocalUsers e -> map(event, e.payload(), "local_users", LOCAL_USER_FIELDS);
      case ConnectedHardware e -> map(event, e.payload(), "connected_hardware", HARDWARE_FIELDS);
      case OSBaseline e -> map(event, e.payload(), "os_baseline", BASELINE_CHECK_FIELDS);
      case SystemInformation e -> map(event, e.payload(), "system_information", SYSTEM_INFORMATION_FIELDS);
      case Diagnostic e -> map(event, e.payload(), "diagnostic", DIAGNOSTIC_FIELDS);
      case ConfigurationError e -> map(event, e.payload(), "configuration_error", CONFIGURATION_ERROR_FIELDS);
      case DroppedEventsStatistics e -> map(event, e.payload(), "dropped_events_statistics", DROPPED_EVENTS_FIELDS);
      case MessageStatistics e -> map(event, e.payload(), "message_statistics", MESSAGE_STATISTICS_FIELDS);
      case Sbom e -> map(event, e.payload(), "sbom", SBOM_FIELDS);
      case KernelModule e -> map(event, e.payload(), "kernel_module", KERNEL_MODULE_FIELDS);
      case FileIntegrity e -> {
        List<Item> out = new ArrayList<>(e.payload().size());
        for (FileIntegrity.Change c : e.payload()) {
          List<Logsource> logsources = switch (c.change()) {
            case CREATED -> FILE_EVENT;
            case MODIFIED -> FILE_CHANGE;
            case DELETED -> FILE_DELETE;
          };
          out.add(new Item(logsources, new ItemFields<>(FILE_CHANGE_FIELDS, event, c)));
        }
        yield out;
      }
      case Peripheral e -> map(event, e.payload(), "peripheral", PERIPHERAL_FIELDS);
      case Heartbeat e -> map(event, e.payload(), "heartbeat", HEARTBEAT_FIELDS);
      case HubOperation e -> map(event, e.payload(), "hub_operation", HUB_OPERATION_FIELDS);
      case AgentStatistics e -> map(event, e.payload(), "agent_statistics", AGENT_STATISTICS_FIELDS);
    };
  }

  private static final Shape<ProcessCreate.Process> PROCESS_CREATE_FIELDS = new Shape<ProcessCreate.Process>()
      .field("Image", p -> p.executable()).field("CommandLine", p -> p.commandLine())
      .field("ParentImage", p -> p.extraDetails().get("ParentExecutable"))
      .field("ParentCommandLine", p -> p.extraDetails().get("ParentCommandLine"))
      .field("CurrentDirectory", p -> p.extraDetails().get("CurrentDirectory"))
      .field("User", p -> p.userName() != null ? p.userName() : p.userId())
      .field("ProcessId", p -> p.processId()).field("ParentProcessId", p -> p.parentProcessId())
      .field("Executable", p -> p.executable()).field("UserId", p -> p.userId()).field("UserName", p -> p.userName())
      .extra(p -> p.extraDetails());

  private static final Shape<ProcessTerminate.Process> PROCESS_TERMINATE_FIELDS = new Shape<ProcessTerminate.Process>()
      .field("Image", p -> p.executable()).field("ProcessId", p -> p.processId())
      .field("Executable", p -> p.executable()).field("ExitStatus", p -> p.exitStatus()).extra(p -> p.extraDetails());

  /**
   * A connection in Sigma's terms: Source is the side that opened it, Destination the side that
   * accepted it, so an outgoing connection's destination is the remote end and an incoming one's
   * is this device.
   */
  private static final Shape<ConnectionCreate.Connection> CONNECTION_FIELDS = new Shape<ConnectionCreate.Connection>()
      .field("Image", c -> c.executable()).field("CommandLine", c -> c.commandLine()).field("ProcessId", c -> c.processId())
      .field("User", c -> c.extraDetails().getOrDefault("UserName", c.userId()))
      .field("Initiated", c -> c.direction() == Direction.OUT)
      .field("DestinationIp", c -> c.direction() == Direction.OUT ? c.remoteAddress() : c.localAddress())
      .field("DestinationPort", c -> port(c.direction() == Direction.OUT ? c.remotePort() : c.localPort()))
      .field("SourceIp", c -> c.direction() == Direction.OUT ? c.localAddress() : c.remoteAddress())
      .field("SourcePort", c -> port(c.direction() == Direction.OUT ? c.localPort() : c.remotePort()))
      .field("Protocol", c -> c.protocol())
      .field("RemoteAddress", c -> c.remoteAddress()).field("RemotePort", c -> port(c.remotePort()))
      .field("LocalAddress", c -> c.localAddress()).field("LocalPort", c -> port(c.localPort()))
      .field("Direction", c -> c.direction()).field("Executable", c -> c.executable()).field("UserId", c -> c.userId())
      .extra(c -> c.extraDetails());

  private static final Shape<Login.Attempt> LOGIN_FIELDS = new Shape<Login.Attempt>()
      .field("ProcessId", a -> a.processId()).field("UserId", a -> a.userId()).field("UserName", a -> a.userName())
      .field("Operation", a -> a.operation()).field("Executable", a -> a.executable()).field("RemoteAddress", a -> a.remoteAddress())
      .field("RemotePort", a -> port(a.remotePort())).field("LocalPort", a -> port(a.localPort())).field("Result", a -> a.result())
      .extra(a -> a.extraDetails());

  private static final Shape<ListeningPorts.Port> LISTENING_PORT_FIELDS = new Shape<ListeningPorts.Port>()
      .field("RemoteAddress", p -> p.remoteAddress()).field("RemotePort", p -> port(p.remotePort()))
      .field("LocalAddress", p -> p.localAddress()).field("LocalPort", p -> port(p.localPort())).field("Protocol", p -> p.protocol())
      .extra(p -> p.extraDetails());

  private static final Shape<FirewallConfiguration.Rule> FIREWALL_RULE_FIELDS = new Shape<FirewallConfiguration.Rule>()
      .field("Priority", r -> r.priority()).field("Direction", r -> r.direction()).field("ChainName", r -> r.chainName())
      .field("Application", r -> r.application()).field("Enabled", r -> r.enabled()).field("Action", r -> r.action())
      .field("SourceAddress", r -> r.sourceAddress()).field("SourcePort", r -> r.sourcePort())
      .field("DestinationAddress", r -> r.destinationAddress()).field("DestinationPort", r -> r.destinationPort())
      .field("Protocol", r -> r.protocol()).extra(r -> r.extraDetails());

  private static final Shape<LocalUsers.User> LOCAL_USER_FIELDS = new Shape<LocalUsers.User>()
      .field("GroupIds", u -> u.groupIds()).field("GroupNames", u -> u.groupNames()).field("UserId", u -> u.userId())
      .field("UserName", u -> u.userName()).extra(u -> u.extraDetails());

  private static final Shape<ConnectedHardware.Hardware> HARDWARE_FIELDS = new Shape<ConnectedHardware.Hardware>()
      .field("HardwareCategory", h -> h.category()).field("HardwareSubCategory", h -> h.subCategory())
      .field("HardwareName", h -> h.name()).extra(h -> h.extraDetails());

  private static final Shape<OSBaseline.Check> BASELINE_CHECK_FIELDS = new Shape<OSBaseline.Check>()
      .field("Description", c -> c.description()).field("CceId", c -> c.cceId()).field("Result", c -> c.result())
      .field("Error", c -> c.error()).field("Severity", c -> c.severity()).extra(c -> c.extraDetails());

  private static final Shape<SystemInformation.Info> SYSTEM_INFORMATION_FIELDS = new Shape<SystemInformation.Info>()
      .field("OSName", i -> i.osName()).field("OSVersion", i -> i.osVersion()).field("OSVendor", i -> i.osVendor())
      .field("OsArchitecture", i -> i.osArchitecture()).field("HostName", i -> i.hostName()).field("BIOSVersion", i -> i.biosVersion())
      .field("BootDevice", i -> i.bootDevice()).field("TotalPhysicalMemoryInKB", i -> i.totalPhysicalMemoryKb())
      .field("FreePhysicalMemoryInKB", i -> i.freePhysicalMemoryKb()).field("TotalVirtualMemoryInKB", i -> i.totalVirtualMemoryKb())
      .field("FreeVirtualMemoryInKB", i -> i.freeVirtualMemoryKb()).extra(i -> i.extraDetails());

  private static final Shape<Diagnostic.Entry> DIAGNOSTIC_FIELDS = new Shape<Diagnostic.Entry>()
      .field("CorrelationId", d -> d.correlationId()).field("Severity", d -> d.severity()).field("Message", d -> d.message())
      .field("ProcessId", d -> d.processId()).field("ThreadId", d -> d.threadId()).extra(d -> d.extraDetails());

  private static final Shape<ConfigurationError.Entry> CONFIGURATION_ERROR_FIELDS = new Shape<ConfigurationError.Entry>()
      .field("ConfigurationName", c -> c.configurationName()).field("ErrorType", c -> c.errorType())
      .field("UsedConfiguration", c -> c.usedConfiguration()).field("Message", c -> c.message()).extra(c -> c.extraDetails());

  private static final Shape<DroppedEventsStatistics.Queue> DROPPED_EVENTS_FIELDS = new Shape<DroppedEventsStatistics.Queue>()
      .field("Queue", q -> q.queue()).field("CollectedEvents", q -> q.collectedEvents()).field("DroppedEvents", q -> q.droppedEvents())
      .extra(q -> q.extraDetails());

  private static final Shape<MessageStatistics.Stats> MESSAGE_STATISTICS_FIELDS = new Shape<MessageStatistics.Stats>()
      .field("MessagesSent", m -> m.messagesSent()).field("MessagesUnder4KB", m -> m.messagesUnder4Kb())
      .field("TotalFailed", m -> m.totalFailed()).extra(m -> m.extraDetails());

  private static final Shape<Sbom.Package> SBOM_FIELDS = new Shape<Sbom.Package>()
      .field("Name", p -> p.name()).field("Version", p -> p.version()).field("Architecture", p -> p.architecture())
      .field("Manager", p -> p.manager()).extra(p -> p.extraDetails());

  private static final Shape<KernelModule.Change> KERNEL_MODULE_FIELDS = new Shape<KernelModule.Change>()
      .field("Operation", m -> m.operation()).field("Name", m -> m.name()).field("SizeBytes", m -> m.sizeBytes()).extra(m -> m.extraDetails());

  private static final Shape<FileIntegrity.Change> FILE_CHANGE_FIELDS = new Shape<FileIntegrity.Change>()
      .field("TargetFilename", c -> c.path()).field("Path", c -> c.path()).field("Change", c -> c.change()).field("Sha256", c -> c.sha256())
      .field("Mode", c -> c.mode()).field("Owner", c -> c.owner()).field("ModifiedTime", c -> c.modifiedTime())
      .extra(c -> c.extraDetails());

  private static final Shape<Peripheral.Change> PERIPHERAL_FIELDS = new Shape<Peripheral.Change>()
      .field("Operation", p -> p.operation()).field("DeviceClass", p -> p.deviceClass()).field("Name", p -> p.name())
      .field("VendorId", p -> p.vendorId()).field("ProductId", p -> p.productId()).field("Serial", p -> p.serial())
      .extra(p -> p.extraDetails());

  private static final Shape<Heartbeat.Beat> HEARTBEAT_FIELDS = new Shape<Heartbeat.Beat>()
      .field("UptimeSeconds", b -> b.uptimeSeconds()).extra(b -> b.extraDetails());

  private static final Shape<HubOperation.Operation> HUB_OPERATION_FIELDS = new Shape<HubOperation.Operation>()
      .field("Operation", o -> o.operation()).field("Result", o -> o.result()).field("Protocol", o -> o.protocol())
      .field("SourceIp", o -> o.sourceIp()).extra(o -> o.extraDetails());

  private static final Shape<AgentStatistics.Collector> AGENT_STATISTICS_FIELDS = new Shape<AgentStatistics.Collector>()
      .field("Name", c -> c.name()).field("Status", c -> c.status()).field("Collected", c -> c.collected()).field("Sent", c -> c.sent())
      .field("Dropped", c -> c.dropped()).field("Reason", c -> c.reason()).extra(c -> c.extraDetails());

  /** One item per payload entry, each with the Sigma logsources given plus {@code product: vigil, category: vigilCategory}. */
  private static <T> List<Item> map(DeviceEvent event, List<T> items, String vigilCategory, Shape<T> fields, Logsource... sigma) {
    List<Logsource> shared = logsources(vigilCategory, sigma);
    List<Item> out = new ArrayList<>(items.size());
    for (T item : items) {
      out.add(new Item(shared, new ItemFields<>(fields, event, item)));
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
}
