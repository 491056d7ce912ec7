package io.vigil.model.event;

import io.vigil.model.Require;
import java.util.List;
import java.util.Map;

/** A snapshot of the device's OS, host and memory. */
public record SystemInformation(EventHeader header, List<Info> payload) implements SecurityEvent {
  public SystemInformation {
    payload = Payloads.of(EventKind.SYSTEM_INFORMATION, header, payload);
  }

  @Override
  public EventKind kind() {
    return EventKind.SYSTEM_INFORMATION;
  }

  /** What is known of the system; every field may be null when unknown. */
  public record Info(
      String osName,
      String osVersion,
      String osVendor,
      String osArchitecture,
      String hostName,
      String biosVersion,
      String bootDevice,
      Long totalPhysicalMemoryKb,
      Long freePhysicalMemoryKb,
      Long totalVirtualMemoryKb,
      Long freeVirtualMemoryKb,
      Map<String, String> extraDetails) {
    public Info {
      extraDetails = Require.copy(extraDetails, "ExtraDetails");
    }
  }
}
