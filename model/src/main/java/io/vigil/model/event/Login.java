package io.vigil.model.event;

import io.vigil.model.Require;
import io.vigil.model.WireName;
import java.util.List;
import java.util.Map;

/** Login attempts, successful or failed, and logouts. */
public record Login(EventHeader header, List<Attempt> payload) implements SecurityEvent {
  public Login {
    payload = Payloads.of(EventKind.LOGIN, header, payload);
  }

  @Override
  public EventKind kind() {
    return EventKind.LOGIN;
  }

  /** The outcome of a login attempt. */
  public enum Result implements WireName {
    SUCCESS,
    FAIL
  }

  /**
   * One attempt. At least one of {@code userId} and {@code userName} is set.
   *
   * @param operation what handled it, for example {@code PAM:authentication}, {@code Login}, {@code Logout}
   * @param remoteAddress null for a local login
   */
  public record Attempt(
      long processId,
      String userId,
      String userName,
      String operation,
      String executable,
      String remoteAddress,
      String remotePort,
      String localPort,
      Result result,
      Map<String, String> extraDetails) {
    public Attempt {
      if (userId == null && userName == null) {
        throw new IllegalArgumentException("a login needs UserId or UserName");
      }
      Require.present(operation, "Operation");
      Require.present(executable, "Executable");
      Require.present(result, "Result");
      extraDetails = Require.copy(extraDetails, "ExtraDetails");
    }
  }
}
