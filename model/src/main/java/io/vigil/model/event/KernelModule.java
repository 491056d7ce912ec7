package io.vigil.model.event;

import io.vigil.model.Require;
import io.vigil.model.WireName;
import java.util.List;
import java.util.Map;

/** Vigil addition: kernel modules that were loaded or unloaded. */
public record KernelModule(EventHeader header, List<Change> payload) implements SecurityEvent {
  public KernelModule {
    payload = Payloads.of(EventKind.KERNEL_MODULE, header, payload);
  }

  @Override
  public EventKind kind() {
    return EventKind.KERNEL_MODULE;
  }

  /** Whether the module appeared or went away. */
  public enum Operation implements WireName {
    LOAD,
    UNLOAD
  }

  /**
   * One module change.
   *
   * @param sizeBytes null when unknown
   */
  public record Change(Operation operation, String name, Long sizeBytes, Map<String, String> extraDetails) {
    public Change {
      Require.present(operation, "Operation");
      Require.text(name, "Name");
      extraDetails = Require.copy(extraDetails, "ExtraDetails");
    }
  }
}
