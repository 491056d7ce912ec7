package io.vigil.model.event;

import io.vigil.model.Require;
import java.util.List;
import java.util.Map;

/**
 * Processes that started.
 *
 * <p>Vigil's collectors add {@code ParentExecutable}, {@code CurrentDirectory} and {@code
 * StartTime} to {@code extraDetails}.
 */
public record ProcessCreate(EventHeader header, List<Process> payload) implements SecurityEvent {
  public ProcessCreate {
    payload = Payloads.of(EventKind.PROCESS_CREATE, header, payload);
  }

  @Override
  public EventKind kind() {
    return EventKind.PROCESS_CREATE;
  }

  /**
   * One started process.
   *
   * @param userName null when unknown
   */
  public record Process(
      String executable,
      long processId,
      long parentProcessId,
      String userId,
      String userName,
      String commandLine,
      Map<String, String> extraDetails) {
    public Process {
      Require.present(executable, "Executable");
      Require.present(userId, "UserId");
      Require.present(commandLine, "CommandLine");
      extraDetails = Require.copy(extraDetails, "ExtraDetails");
    }
  }
}
