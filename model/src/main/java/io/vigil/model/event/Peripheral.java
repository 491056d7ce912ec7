package io.vigil.model.event;

import io.vigil.model.Require;
import io.vigil.model.WireName;
import java.util.List;
import java.util.Map;

/** Vigil addition: USB devices and network interfaces that were connected or disconnected. */
public record Peripheral(EventHeader header, List<Change> payload) implements SecurityEvent {
  public Peripheral {
    payload = Payloads.of(EventKind.PERIPHERAL, header, payload);
  }

  @Override
  public EventKind kind() {
    return EventKind.PERIPHERAL;
  }

  /** Whether the peripheral arrived or left. */
  public enum Operation implements WireName {
    CONNECTED,
    DISCONNECTED
  }

  /** What sort of peripheral it is. */
  public enum DeviceClass implements WireName {
    USB,
    NETWORK
  }

  /**
   * One connect or disconnect.
   *
   * @param vendorId null when unknown
   * @param productId null when unknown
   * @param serial null when unknown
   */
  public record Change(
      Operation operation,
      DeviceClass deviceClass,
      String name,
      String vendorId,
      String productId,
      String serial,
      Map<String, String> extraDetails) {
    public Change {
      Require.present(operation, "Operation");
      Require.present(deviceClass, "DeviceClass");
      Require.text(name, "Name");
      extraDetails = Require.copy(extraDetails, "ExtraDetails");
    }
  }
}
