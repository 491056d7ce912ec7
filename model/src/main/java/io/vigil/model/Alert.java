package io.vigil.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A security alert raised for a device, as stored in the {@code SecurityAlert} table.
 *
 * @param systemAlertId unique id of this alert
 * @param alertName the stable alert type, for example {@code IoT_CryptoMiner}
 * @param displayName a human title
 * @param severity how urgent
 * @param description what was seen, with the evidence
 * @param remediationSteps what to do about it
 * @param deviceId the device it concerns
 * @param entities the evidence entities (process, address, user, file ...) as key/value pairs
 * @param extendedProperties further details
 * @param status lifecycle state
 * @param count how many occurrences this alert aggregates (at least 1)
 * @param firstSeen event time of the first occurrence
 * @param lastSeen event time of the latest occurrence, not before firstSeen
 * @param timeGenerated when Vigil raised it
 * @param ruleId the rule that fired
 * @param tactics MITRE ATT&amp;CK tactics
 * @param techniques MITRE ATT&amp;CK technique ids
 */
public record Alert(
    String systemAlertId,
    String alertName,
    String displayName,
    Severity severity,
    String description,
    String remediationSteps,
    String deviceId,
    Map<String, String> entities,
    Map<String, String> extendedProperties,
    AlertStatus status,
    long count,
    Instant firstSeen,
    Instant lastSeen,
    Instant timeGenerated,
    String ruleId,
    List<String> tactics,
    List<String> techniques) {

  public Alert {
    Require.text(systemAlertId, "systemAlertId");
    Require.text(alertName, "alertName");
    Require.text(displayName, "displayName");
    Require.present(severity, "severity");
    description = description == null ? "" : description;
    remediationSteps = remediationSteps == null ? "" : remediationSteps;
    Device.requireValidId(deviceId);
    entities = Require.copy(entities, "entities");
    extendedProperties = Require.copy(extendedProperties, "extendedProperties");
    Require.present(status, "status");
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1, was " + count);
    }
    Require.present(firstSeen, "firstSeen");
    Require.present(lastSeen, "lastSeen");
    if (lastSeen.isBefore(firstSeen)) {
      throw new IllegalArgumentException("lastSeen " + lastSeen + " is before firstSeen " + firstSeen);
    }
    Require.present(timeGenerated, "timeGenerated");
    Require.text(ruleId, "ruleId");
    tactics = Require.copy(tactics, "tactics");
    techniques = Require.copy(techniques, "techniques");
  }
}
