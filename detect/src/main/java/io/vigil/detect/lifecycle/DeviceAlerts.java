package io.vigil.detect.lifecycle;

import io.vigil.model.Alert;
import java.util.LinkedHashMap;

/**
 * One device's alerts that may still absorb occurrences, by key, least recently touched first: the
 * lifecycle's per-device state, plain data kept in a {@link io.vigil.detect.DeviceState}. Holds at
 * most the bound {@link #put} is given; past that the least recently touched is forgotten (its next
 * occurrence opens a new alert). Touched by one thread at a time (see {@link AlertLifecycle}).
 */
record DeviceAlerts(LinkedHashMap<AlertKey, Alert> open) {
  static DeviceAlerts empty() {
    return new DeviceAlerts(new LinkedHashMap<>());
  }

  Alert get(AlertKey key) {
    return open.get(key);
  }

  /** Sets the alert of {@code key} and marks it most recently touched, forgetting the stalest key if over {@code maxKeys}. */
  void put(AlertKey key, Alert alert, int maxKeys) {
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
