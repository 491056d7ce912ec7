package io.vigil.detect.lifecycle;

import io.vigil.model.Alert;
import java.util.LinkedHashMap;

/**
 * One device's alerts that may still absorb occurrences, by key, least recently touched first.
 * Holds at most {@code maxKeys}; past that the least recently touched is forgotten (its next
 * occurrence opens a new alert). Guarded by its own monitor (see {@link AlertLifecycle}).
 */
final class DeviceAlerts {
  private final int maxKeys;
  private final LinkedHashMap<AlertKey, Alert> open = new LinkedHashMap<>();

  DeviceAlerts(int maxKeys) {
    this.maxKeys = maxKeys;
  }

  Alert get(AlertKey key) {
    return open.get(key);
  }

  /** Sets the alert of {@code key} and marks it most recently touched, forgetting the stalest key if over the bound. */
  void put(AlertKey key, Alert alert) {
    open.remove(key);
    open.put(key, alert);
    if (open.size() > maxKeys) {
      var eldest = open.entrySet().iterator();
      eldest.next();
      eldest.remove();
    }
  }

  /** Replaces the alert of {@code key} in place, keeping its recency. */
  void replace(AlertKey key, Alert alert) {
    open.replace(key, alert);
  }

  void remove(AlertKey key) {
    open.remove(key);
  }

  int size() {
    return open.size();
  }
}
