package io.vigil.model.event;

import io.vigil.model.Require;
import java.util.List;
import java.util.Map;

/** Processes that exited. */
public record ProcessTerminate(EventHeader header, List<Process> payload) implements SecurityEvent {
  public ProcessTerminate {
    payload = Payloads.of(EventKind.PROCESS_TERMINATE, header, payload);
  }

  @Override
  public EventKind kind() {
    return EventKind.PROCESS_TERMINATE;
  }

  /** One exited process. */
  public record Process(String executable, long processId, long exitStatus, Map<String, String> extraDetails) {
    public Process {
      Require.present(executable, "Executable");
      extraDetails = Require.copy(extraDetails, "ExtraDetails");
    }
  }
}
