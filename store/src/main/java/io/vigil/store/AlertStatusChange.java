package io.vigil.store;

import io.vigil.model.AlertStatus;
import io.vigil.model.Require;
import java.time.Instant;

/**
 * One change of an alert's status, as the {@code AlertStatusChange} audit table keeps it.
 *
 * @param systemAlertId the alert
 * @param deviceId the alert's device
 * @param timeGenerated when the change was made
 * @param oldStatus the status before
 * @param newStatus the status after
 * @param actor who made it
 * @param comment why, possibly empty
 */
public record AlertStatusChange(
    String systemAlertId, String deviceId, Instant timeGenerated, AlertStatus oldStatus, AlertStatus newStatus, String actor,
    String comment) {
  public AlertStatusChange {
    Require.text(systemAlertId, "systemAlertId");
    Require.text(deviceId, "deviceId");
    Require.present(timeGenerated, "timeGenerated");
    Require.present(oldStatus, "oldStatus");
    Require.present(newStatus, "newStatus");
    Require.text(actor, "actor");
    comment = comment == null ? "" : comment;
  }
}
