package io.vigil.model.event;

import io.vigil.model.Require;
import io.vigil.model.WireName;
import java.util.List;
import java.util.Map;

/** The agent's own diagnostic log lines. */
public record Diagnostic(EventHeader header, List<Entry> payload) implements SecurityEvent {
  public Diagnostic {
    payload = Payloads.of(EventKind.DIAGNOSTIC_EVENT, header, payload);
  }

  @Override
  public EventKind kind() {
    return EventKind.DIAGNOSTIC_EVENT;
  }

  /** A diagnostic line's level. */
  public enum Level implements WireName {
    FATAL,
    ERROR,
    WARNING,
    INFORMATION,
    DEBUG
  }

  /**
   * One diagnostic line.
   *
   * @param correlationId null when none
   */
  public record Entry(
      String correlationId, Level severity, String message, long processId, long threadId, Map<String, String> extraDetails) {
    public Entry {
      Require.present(severity, "Severity");
      Require.present(message, "Message");
      extraDetails = Require.copy(extraDetails, "ExtraDetails");
    }
  }
}
