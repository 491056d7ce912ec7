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
 * final Count). Updates of alerts already stored (Count, FirstSeen, LastSeen, ExtendedProperties)
 * are held and written by {@link #flush}, which the pipeline calls about once a second: an alert
 * that repeats thousands of times a second costs one UPDATE a second, not one per batch, and the
 * stored Count lags the lifecycle's by at most that second. Updates write absolute values, so a
 * failed or skipped write heals with the next one. Threading: safe to call from several pipeline
 * threads (the lifecycle locks per device, the workspace serialises writes).
 */
public final class AlertRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(AlertRecorder.class);
  /** The most alerts {@link #restore} reads back. */
  static final int MAX_RESTORED = 100_000;

  private final Workspace workspace;
  private final AlertLifecycle lifecycle;
  private final Consumer<Alert> listener;
  /** Updates not yet written, by SystemAlertId: the newest of each alert. */
  private final Map<String, Alert> pending = new java.util.concurrent.ConcurrentHashMap<>();

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
   * Stores the alerts {@code occurrences} open; a failure is logged, and the alerts forgotten (with
   * residency, only those of the workspace that failed). The updates they make of alerts already
   * stored wait for {@link #flush}.
   */
  public void record(List<Alert> occurrences) {
    if (occurrences.isEmpty()) {
      return;
    }
    Map<String, Alert> opened = new LinkedHashMap<>();
    for (Alert occurrence : occurrences) {
      Decision d = lifecycle.offer(occurrence);
      String id = d.alert().systemAlertId();
      if (d.outcome() == Decision.Outcome.OPENED || opened.containsKey(id)) {
        opened.put(id, d.alert());
      } else {
        pending.put(id, d.alert());
      }
    }
    if (opened.isEmpty()) {
      return;
    }
    try {
      Set<String> nowhere = workspace.writeAlerts(List.copyOf(opened.values()), List.of());
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
      LOG.error("storing {} new alerts failed: {}", opened.size(), e.getMessage());
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

  /**
   * Writes the updates held since the last flush. An update goes to the workspace that holds the
   * alert, also after its device moved to a group of another workspace. On failure the updates are
   * kept for the next flush, unless a newer one of the same alert came meanwhile.
   */
  public void flush() {
    if (pending.isEmpty()) {
      return;
    }
    List<Alert> updates = new ArrayList<>();
    for (String id : List.copyOf(pending.keySet())) {
      Alert a = pending.remove(id);
      if (a != null) {
        updates.add(a);
      }
    }
    try {
      Set<String> nowhere = workspace.writeAlerts(List.of(), updates);
      if (!nowhere.isEmpty()) {
        LOG.warn("{} updated alerts are stored in no workspace, their occurrences are not kept: {}", nowhere.size(), nowhere);
      }
    } catch (RuntimeException e) {
      LOG.error("storing {} alert updates failed; they are tried again: {}", updates.size(), e.getMessage());
      updates.forEach(a -> pending.putIfAbsent(a.systemAlertId(), a));
    }
  }
}
