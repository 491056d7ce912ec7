package io.vigil.model.event;

import io.vigil.model.Require;
import io.vigil.model.WireName;
import java.util.List;
import java.util.Map;

/** The results of the OS baseline (CIS-style) checks. */
public record OSBaseline(EventHeader header, List<Check> payload) implements SecurityEvent {
  public OSBaseline {
    payload = Payloads.of(EventKind.OS_BASELINE, header, payload);
  }

  @Override
  public EventKind kind() {
    return EventKind.OS_BASELINE;
  }

  /** A check's outcome; ERR means the check could not run, with the reason in {@code error}. */
  public enum Result implements WireName {
    PASS,
    FAIL,
    ERR
  }

  /** How much a failed check matters. */
  public enum CheckSeverity implements WireName {
    CRITICAL,
    IMPORTANT,
    WARNING,
    INFORMATIONAL
  }

  /**
   * One check's result.
   *
   * @param cceId the check's id
   * @param error why it failed or errored; empty when it passed
   */
  public record Check(
      String description, String cceId, Result result, String error, CheckSeverity severity, Map<String, String> extraDetails) {
    public Check {
      Require.present(description, "Description");
      Require.present(cceId, "CceId");
      Require.present(result, "Result");
      Require.present(error, "Error");
      Require.present(severity, "Severity");
      extraDetails = Require.copy(extraDetails, "ExtraDetails");
    }
  }
}
