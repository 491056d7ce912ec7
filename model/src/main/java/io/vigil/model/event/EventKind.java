package io.vigil.model.event;

import static io.vigil.model.event.EventCategory.PERIODIC;
import static io.vigil.model.event.EventCategory.TRIGGERED;
import static io.vigil.model.event.EventType.DIAGNOSTIC;
import static io.vigil.model.event.EventType.OPERATIONAL;
import static io.vigil.model.event.EventType.SECURITY;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every event name Vigil knows, with the category, event type and payload schema version the name
 * fixes. The first fourteen are the security message schema v1.0; the rest are Vigil's additions,
 * which travel in the same envelope.
 */
public enum EventKind {
  PROCESS_CREATE("ProcessCreate", TRIGGERED, SECURITY, true),
  PROCESS_TERMINATE("ProcessTerminate", TRIGGERED, SECURITY, true),
  CONNECTION_CREATE("ConnectionCreate", TRIGGERED, SECURITY, true),
  LOGIN("Login", TRIGGERED, SECURITY, true),
  LISTENING_PORTS("ListeningPorts", PERIODIC, SECURITY, true),
  FIREWALL_CONFIGURATION("FirewallConfiguration", PERIODIC, SECURITY, true),
  LOCAL_USERS("LocalUsers", PERIODIC, SECURITY, true),
  CONNECTED_HARDWARE("ConnectedHardware", PERIODIC, SECURITY, true),
  OS_BASELINE("OSBaseline", PERIODIC, SECURITY, true),
  SYSTEM_INFORMATION("SystemInformation", PERIODIC, SECURITY, true),
  DIAGNOSTIC_EVENT("Diagnostic", TRIGGERED, DIAGNOSTIC, true),
  CONFIGURATION_ERROR("ConfigurationError", TRIGGERED, OPERATIONAL, true),
  DROPPED_EVENTS_STATISTICS("DroppedEventsStatistics", PERIODIC, OPERATIONAL, true),
  MESSAGE_STATISTICS("MessageStatistics", PERIODIC, OPERATIONAL, true),
  SBOM("Sbom", PERIODIC, SECURITY, false),
  KERNEL_MODULE("KernelModule", TRIGGERED, SECURITY, false),
  FILE_INTEGRITY("FileIntegrity", TRIGGERED, SECURITY, false),
  PERIPHERAL("Peripheral", TRIGGERED, SECURITY, false),
  HEARTBEAT("Heartbeat", PERIODIC, OPERATIONAL, false),
  HUB_OPERATION("HubOperation", TRIGGERED, OPERATIONAL, false),
  AGENT_STATISTICS("AgentStatistics", PERIODIC, OPERATIONAL, false);

  private static final Map<String, EventKind> BY_NAME =
      Stream.of(values()).collect(Collectors.toUnmodifiableMap(EventKind::eventName, Function.identity()));

  private final String eventName;
  private final EventCategory category;
  private final EventType type;
  private final boolean inSchemaV1;

  EventKind(String eventName, EventCategory category, EventType type, boolean inSchemaV1) {
    this.eventName = eventName;
    this.category = category;
    this.type = type;
    this.inSchemaV1 = inSchemaV1;
  }

  /** The event's {@code Name} on the wire and {@code RawEventName} in the workspace. */
  public String eventName() {
    return eventName;
  }

  public EventCategory category() {
    return category;
  }

  public EventType type() {
    return type;
  }

  /** The {@code PayloadSchemaVersion} every payload of this kind carries; all are 1.0 today. */
  public String payloadSchemaVersion() {
    return "1.0";
  }

  /** True for the fourteen names of the published schema v1.0, false for Vigil's additions. */
  public boolean inSchemaV1() {
    return inSchemaV1;
  }

  /** The kind whose event name is exactly {@code name}, if any. */
  public static Optional<EventKind> byName(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }
}
