package io.vigil.server.alerts;

import io.vigil.detect.lifecycle.AlertLifecycle;
import io.vigil.detect.lifecycle.Decision;
import io.vigil.model.Alert;
import io.vigil.model.AlertStatus;
import io.vigil.store.AlertQuery;
import io.vigil.store.SplitWriteException;
import io.vigil.store.Workspace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline's alert-storing step: passes the occurrences the detections raised through the
 * {@link AlertLifecycle}, stores the new alerts and the updated ones in one transaction, then tells
 * the listener of each new alert.
 *
 * <p>Several occurrences of one alert in a batch become one row (a new alert is inserted with its
 * final Count). Updates write the absolute Count and LastSeen, so a failed write heals with the next
 * one. Threading: safe to call from several pipeline threads (the lifecycle locks per device, the
 * workspace serialises writes).
 */
public final class AlertRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(AlertRecorder.class);
  /** The most alerts {@link #restore} reads back. */
  static final int MAX_RESTORED = 100_000;

  private final Workspace workspace;
  private final AlertLifecycle lifecycle;
  private final Consumer<Alert> listener;

  /** @param listener told of every new alert once it is stored, on the calling thread; must not block */
  public AlertRecorder(Workspace workspace, AlertLifecycle lifecycle, Consumer<Alert> listener) {
    this.workspace = workspace;
    this.lifecycle = lifecycle;
    this.listener = listener;
  }

  /**
   * Makes the stored alerts that may still absorb occurrences (New, Active or Dismissed, last seen
   * within the window before {@code now}) do so again, so that a restart opens no duplicates.
   *
   * @return how many were restored
   */
  public int restore(Instant now) {
    List<Alert> open = new ArrayList<>(workspace.alerts(new AlertQuery(
        Set.of(AlertStatus.NEW, AlertStatus.ACTIVE, AlertStatus.DISMISSED), null, now.minus(lifecycle.window()), MAX_RESTORED)));
    for (int i = open.size() - 1; i >= 0; i--) {
      lifecycle.restore(open.get(i)); // oldest first, so that the per-device bound keeps the newest
    }
    return open.size();
  }

  /**
   * Stores what {@code occurrences} make of the alerts; a failure is logged, and the alerts it opened
   * forgotten (with residency, only those of the workspace that failed). An update goes to the
   * workspace that holds the alert, also after its device moved to a group of another workspace.
   */
  public void record(List<Alert> occurrences) {
    if (occurrences.isEmpty()) {
      return;
    }
    Map<String, Alert> opened = new LinkedHashMap<>();
    Map<String, Alert> updated = new LinkedHashMap<>();
    for (Alert occurrence : occurrences) {
      Decision d = lifecycle.offer(occurrence);
      String id = d.alert().systemAlertId();
      if (d.outcome() == Decision.Outcome.OPENED || opened.containsKey(id)) {
        opened.put(id, d.alert());
      } else {
        updated.put(id, d.alert());
      }
    }
    try {
      Set<String> nowhere = workspace.writeAlerts(List.copyOf(opened.values()), List.copyOf(updated.values()));
      if (!nowhere.isEmpty()) {
        LOG.warn("{} updated alerts are stored in no workspace, their occurrences are not kept: {}", nowhere.size(), nowhere);
      }
    } catch (SplitWriteException e) {
      // The workspaces that committed keep theirs; only the failed one's new alerts are forgotten.
      LOG.error("storing alerts failed; the new ones not stored are forgotten: {}", e.getMessage());
      opened.values().removeIf(a -> {
        boolean failed = e.failedAlerts().contains(a.systemAlertId());
        if (failed) {
          lifecycle.forget(a);
        }
        return failed;
      });
    } catch (RuntimeException e) {
      LOG.error("storing {} new and {} updated alerts failed: {}", opened.size(), updated.size(), e.getMessage());
      opened.values().forEach(lifecycle::forget);
      return;
    }
    for (Alert a : opened.values()) {
      try {
        listener.accept(a);
      } catch (RuntimeException e) {
        LOG.error("alert listener failed on alert {}: {}", a.systemAlertId(), e.toString());
      }
    }
  }
}
