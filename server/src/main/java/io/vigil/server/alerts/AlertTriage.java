package io.vigil.server.alerts;

import io.vigil.detect.lifecycle.AlertLifecycle;
import io.vigil.model.Alert;
import io.vigil.model.AlertStatus;
import io.vigil.store.AlertQuery;
import io.vigil.store.AlertStatusChange;
import io.vigil.store.Workspace;
import java.time.Clock;
import java.util.List;

/**
 * Changes alerts' status on a user's behalf: validates the change, stores it with its audit row,
 * and tells the lifecycle, so that later occurrences follow the new status.
 *
 * <p>A user may set New, Active, Resolved or Dismissed alerts to Active, Resolved or Dismissed;
 * setting the status an alert already has, or New, is refused. Thread-safe.
 */
public final class AlertTriage {
  private final Workspace workspace;
  private final AlertLifecycle lifecycle;
  private final Clock clock;

  public AlertTriage(Workspace workspace, AlertLifecycle lifecycle, Clock clock) {
    this.workspace = workspace;
    this.lifecycle = lifecycle;
    this.clock = clock;
  }

  /** Why a change was refused, with the HTTP status that says so. */
  public static final class Refused extends RuntimeException {
    private final int status;

    Refused(int status, String message) {
      super(message);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  /**
   * Moves alert {@code id} to {@code status} and returns it as stored afterwards.
   *
   * @param actor who asks, recorded in the audit table
   * @param comment why, possibly null
   * @throws Refused 404 for an unknown alert, 400 for New, 409 when it has that status already or
   *     its status changed meanwhile
   */
  public Alert change(String id, AlertStatus status, String actor, String comment) {
    Alert alert = workspace.alert(id).orElseThrow(() -> new Refused(404, "no alert '" + id + "'"));
    if (status == AlertStatus.NEW) {
      throw new Refused(400, "alert '" + id + "' cannot be set back to New; set it Active, Resolved or Dismissed");
    }
    if (alert.status() == status) {
      throw new Refused(409, "alert '" + id + "' is already " + status.wireName());
    }
    AlertStatusChange change = new AlertStatusChange(id, alert.deviceId(), clock.instant(), alert.status(), status, actor, comment);
    if (!workspace.changeAlertStatus(change)) {
      throw new Refused(409, "alert '" + id + "' changed status meanwhile (it is no longer " + alert.status().wireName()
          + "); read it again and retry");
    }
    lifecycle.statusChanged(alert, status);
    return workspace.alert(id).orElseThrow();
  }

  /**
   * The stored alert with this id.
   *
   * @throws Refused 404 when there is none
   */
  public Alert find(String id) {
    return workspace.alert(id).orElseThrow(() -> new Refused(404, "no alert '" + id + "'"));
  }

  /** The status changes of alert {@code id}, oldest first. */
  public List<AlertStatusChange> history(String id) {
    return workspace.alertStatusChanges(id);
  }

  /** The alerts {@code query} selects, latest LastSeen first. */
  public List<Alert> list(AlertQuery query) {
    return workspace.alerts(query);
  }
}
