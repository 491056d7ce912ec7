package io.vigil.model.event;

import io.vigil.model.Require;
import java.util.List;
import java.util.Map;

/** A snapshot of the hardware attached to the device. */
public record ConnectedHardware(EventHeader header, List<Hardware> payload) implements SecurityEvent {
  public ConnectedHardware {
    payload = Payloads.of(EventKind.CONNECTED_HARDWARE, header, payload);
  }

  @Override
  public EventKind kind() {
    return EventKind.CONNECTED_HARDWARE;
  }

  /** One piece of hardware. */
  public record Hardware(String category, String subCategory, String name, Map<String, String> extraDetails) {
    public Hardware {
      Require.present(category, "HardwareCategory");
      Require.present(subCategory, "HardwareSubCategory");
      Require.present(name, "HardwareName");
      extraDetails = Require.copy(extraDetails, "ExtraDetails");
    }
  }
}
