package io.vigil.model.event;

import io.vigil.model.Require;
import io.vigil.model.WireName;
import java.util.List;
import java.util.Map;

/** Remote or local configuration the agent could not apply as given. */
public record ConfigurationError(EventHeader header, List<Entry> payload) implements SecurityEvent {
  public ConfigurationError {
    payload = Payloads.of(EventKind.CONFIGURATION_ERROR, header, payload);
  }

  @Override
  public EventKind kind() {
    return EventKind.CONFIGURATION_ERROR;
  }

  /** Why the configuration was not used as given. */
  public enum ErrorType implements WireName {
    TYPE_MISMATCH,
    NOT_OPTIMAL,
    CONFLICT
  }

  /** One configuration problem and the value used instead. */
  public record Entry(
      String configurationName, ErrorType errorType, String usedConfiguration, String message, Map<String, String> extraDetails) {
    public Entry {
      Require.present(configurationName, "ConfigurationName");
      Require.present(errorType, "ErrorType");
      Require.present(usedConfiguration, "UsedConfiguration");
      Require.present(message, "Message");
      extraDetails = Require.copy(extraDetails, "ExtraDetails");
    }
  }
}
