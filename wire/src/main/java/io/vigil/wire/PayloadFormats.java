package io.vigil.wire;

import io.vigil.model.event.AgentStatistics;
import io.vigil.model.event.ConfigurationError;
import io.vigil.model.event.ConnectedHardware;
import io.vigil.model.event.ConnectionCreate;
import io.vigil.model.event.Diagnostic;
import io.vigil.model.event.DroppedEventsStatistics;
import io.vigil.model.event.EventHeader;
import io.vigil.model.event.EventKind;
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
import io.vigil.model.event.SecurityEvent;
import io.vigil.model.event.SystemInformation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/** Which {@link ItemFormat} and which record each event kind uses, in both directions. */
final class PayloadFormats {
  private PayloadFormats() {}

  /**
   * Reads the items of {@code payload} as {@code kind}'s and, when they and {@code header} are all
   * valid, builds the event.
   *
   * @param header null when the rest of the event was invalid; the items are still checked
   * @param at the event's pointer
   */
  static Optional<SecurityEvent> read(
      EventKind kind, EventHeader header, JsonValue.Arr payload, Pointer at, Violations violations) {
    Reading in = new Reading(header, payload, at, violations, violations.count());
    return switch (kind) {
      case PROCESS_CREATE -> in.event(ProcessFormats.CREATE, ProcessCreate::new);
      case PROCESS_TERMINATE -> in.event(ProcessFormats.TERMINATE, ProcessTerminate::new);
      case CONNECTION_CREATE -> in.event(NetworkFormats.CONNECTION_CREATE, ConnectionCreate::new);
      case LOGIN -> in.event(AccountFormats.LOGIN, Login::new);
      case LISTENING_PORTS -> in.event(NetworkFormats.LISTENING_PORTS, ListeningPorts::new);
      case FIREWALL_CONFIGURATION -> in.event(NetworkFormats.FIREWALL_CONFIGURATION, FirewallConfiguration::new);
      case LOCAL_USERS -> in.event(AccountFormats.LOCAL_USERS, LocalUsers::new);
      case CONNECTED_HARDWARE -> in.event(InventoryFormats.CONNECTED_HARDWARE, ConnectedHardware::new);
      case OS_BASELINE -> in.event(IntegrityFormats.OS_BASELINE, OSBaseline::new);
      case SYSTEM_INFORMATION -> in.event(InventoryFormats.SYSTEM_INFORMATION, SystemInformation::new);
      case DIAGNOSTIC_EVENT -> in.event(OperationalFormats.DIAGNOSTIC, Diagnostic::new);
      case CONFIGURATION_ERROR -> in.event(OperationalFormats.CONFIGURATION_ERROR, ConfigurationError::new);
      case DROPPED_EVENTS_STATISTICS -> in.event(OperationalFormats.DROPPED_EVENTS_STATISTICS, DroppedEventsStatistics::new);
      case MESSAGE_STATISTICS -> in.event(OperationalFormats.MESSAGE_STATISTICS, MessageStatistics::new);
      case SBOM -> in.event(InventoryFormats.SBOM, Sbom::new);
      case KERNEL_MODULE -> in.event(IntegrityFormats.KERNEL_MODULE, KernelModule::new);
      case FILE_INTEGRITY -> in.event(IntegrityFormats.FILE_INTEGRITY, FileIntegrity::new);
      case PERIPHERAL -> in.event(InventoryFormats.PERIPHERAL, Peripheral::new);
      case HEARTBEAT -> in.event(OperationalFormats.HEARTBEAT, Heartbeat::new);
      case HUB_OPERATION -> in.event(OperationalFormats.HUB_OPERATION, HubOperation::new);
      case AGENT_STATISTICS -> in.event(OperationalFormats.AGENT_STATISTICS, AgentStatistics::new);
    };
  }

  /** Writes {@code event}'s {@code Payload} property. */
  static void write(SecurityEvent event, FieldWriter out) throws IOException {
    payload(event).write("Payload", out);
  }

  /** An event's payload items with the format that writes them. */
  record Payload<T>(List<T> items, ItemFormat<T> format) {
    void write(String name, FieldWriter out) throws IOException {
      out.items(name, items, format);
    }

    void writeItem(int index, FieldWriter out) throws IOException {
      out.object(items.get(index), format);
    }
  }

  static Payload<?> payload(SecurityEvent event) {
    return switch (event) {
      case ProcessCreate e -> new Payload<>(e.payload(), ProcessFormats.CREATE);
      case ProcessTerminate e -> new Payload<>(e.payload(), ProcessFormats.TERMINATE);
      case ConnectionCreate e -> new Payload<>(e.payload(), NetworkFormats.CONNECTION_CREATE);
      case Login e -> new Payload<>(e.payload(), AccountFormats.LOGIN);
      case ListeningPorts e -> new Payload<>(e.payload(), NetworkFormats.LISTENING_PORTS);
      case FirewallConfiguration e -> new Payload<>(e.payload(), NetworkFormats.FIREWALL_CONFIGURATION);
      case LocalUsers e -> new Payload<>(e.payload(), AccountFormats.LOCAL_USERS);
      case ConnectedHardware e -> new Payload<>(e.payload(), InventoryFormats.CONNECTED_HARDWARE);
      case OSBaseline e -> new Payload<>(e.payload(), IntegrityFormats.OS_BASELINE);
      case SystemInformation e -> new Payload<>(e.payload(), InventoryFormats.SYSTEM_INFORMATION);
      case Diagnostic e -> new Payload<>(e.payload(), OperationalFormats.DIAGNOSTIC);
      case ConfigurationError e -> new Payload<>(e.payload(), OperationalFormats.CONFIGURATION_ERROR);
      case DroppedEventsStatistics e -> new Payload<>(e.payload(), OperationalFormats.DROPPED_EVENTS_STATISTICS);
      case MessageStatistics e -> new Payload<>(e.payload(), OperationalFormats.MESSAGE_STATISTICS);
      case Sbom e -> new Payload<>(e.payload(), InventoryFormats.SBOM);
      case KernelModule e -> new Payload<>(e.payload(), IntegrityFormats.KERNEL_MODULE);
      case FileIntegrity e -> new Payload<>(e.payload(), IntegrityFormats.FILE_INTEGRITY);
      case Peripheral e -> new Payload<>(e.payload(), InventoryFormats.PERIPHERAL);
      case Heartbeat e -> new Payload<>(e.payload(), OperationalFormats.HEARTBEAT);
      case HubOperation e -> new Payload<>(e.payload(), OperationalFormats.HUB_OPERATION);
      case AgentStatistics e -> new Payload<>(e.payload(), OperationalFormats.AGENT_STATISTICS);
    };
  }

  /** One event being read: its header, its payload array, where it is and what was wrong before. */
  private record Reading(EventHeader header, JsonValue.Arr payload, Pointer at, Violations violations, int before) {
    <T> Optional<SecurityEvent> event(ItemFormat<T> format, BiFunction<EventHeader, List<T>, SecurityEvent> constructor) {
      Pointer items = at.child("Payload");
      List<T> read = new ArrayList<>(payload.elements().size());
      for (int i = 0; i < payload.elements().size(); i++) {
        JsonValue element = payload.elements().get(i);
        if (element instanceof JsonValue.Obj object) {
          format.reader().read(new ObjectFields(object, items.child(i), violations)).ifPresent(read::add);
        } else {
          violations.add(items.child(i), "expected object, got " + element.typeName());
        }
      }
      if (header == null || violations.count() > before) {
        return Optional.empty();
      }
      try {
        return Optional.of(constructor.apply(header, read));
      } catch (IllegalArgumentException | NullPointerException e) {
        violations.add(at, String.valueOf(e.getMessage()));
        return Optional.empty();
      }
    }
  }
}
