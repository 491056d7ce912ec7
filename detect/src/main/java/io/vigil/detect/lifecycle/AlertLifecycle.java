package io.vigil.detect.lifecycle;

import io.vigil.detect.DeviceState;
import io.vigil.detect.DeviceStates;
import io.vigil.model.Alert;
import io.vigil.model.AlertStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns alert occurrences into alerts: within the suppression window, an occurrence of the same
 * rule on the same device with the same grouping entities ({@link Grouping}) adds to the alert
 * already open (Count, FirstSeen, LastSeen, evidence) instead of opening another.
 *
 * <p>The window is event time: an occurrence joins an alert when its FirstSeen is less than the
 * window away from the alert's FirstSeen. What it joins depends on the alert's status: a New or
 * Active alert is updated; a Dismissed one absorbs it silently; after a Resolved one a new alert
 * opens. The occurrence's SystemAlertId, entities and description give way to the alert's; its
 * evidence event ({@code EventId}) is added to {@value #EVIDENCE_EVENT_IDS} (the first
 * {@value #MAX_EVIDENCE} distinct ids; Count is the total).
 *
 * <p>State: per device, the alerts that may absorb occurrences ({@link DeviceAlerts}, plain data) in a
 * {@link DeviceState}, bounded per device ({@code maxKeysPerDevice}, least recently touched
 * forgotten); {@link #restore} rebuilds it from stored alerts after a restart. Every call touches the
 * state of one device only, the alert's, so a stream processor can run the lifecycle keyed by device,
 * with status changes as a second input on the same key.
 *
 * <p>Threading: safe for concurrent use. A device's calls are serialised by one of
 * {@value #LOCK_STRIPES} locks chosen by its id, so the pipeline's per-device threads seldom contend;
 * status changes from the API take the same lock briefly. The {@link DeviceStates} given must then be
 * safe for devices handled on different threads.
 */
public final class AlertLifecycle {
  /** The suppression window when none is configured. */
  public static final Duration DEFAULT_WINDOW = Duration.ofHours(1);
  public static final int DEFAULT_MAX_KEYS_PER_DEVICE = 1_000;
  /** How many evidence event ids an alert keeps. */
  public static final int MAX_EVIDENCE = 10;
  /** The ExtendedProperties key of the evidence event ids, comma separated, oldest first. */
  public static final String EVIDENCE_EVENT_IDS = "EvidenceEventIds";
  /** The ExtendedProperties key under which alert builders name the event that raised an occurrence. */
  public static final String EVENT_ID = "EventId";

  private static final int LOCK_STRIPES = 64;

  private final Duration window;
  private final int maxKeysPerDevice;
  private final DeviceState<DeviceAlerts> devices;
  private final Object[] locks = new Object[LOCK_STRIPES];

  /**
   * @throws IllegalArgumentException if {@code window} is not positive or {@code maxKeysPerDevice} is below 1
   */
  public AlertLifecycle(Duration window, int maxKeysPerDevice) {
    this(window, maxKeysPerDevice, DeviceStates.concurrent());
  }

  /**
   * A lifecycle whose per-device state lives in {@code states}.
   *
   * @throws IllegalArgumentException if {@code window} is not positive or {@code maxKeysPerDevice} is below 1
   */
  public AlertLifecycle(Duration window, int maxKeysPerDevice, DeviceStates states) {
    if (window == null || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("alert suppression window must be positive, was " + window);
    }
    if (maxKeysPerDevice < 1) {
      throw new IllegalArgumentException("maxKeysPerDevice must be at least 1, was " + maxKeysPerDevice);
    }
    this.window = window;
    this.maxKeysPerDevice = maxKeysPerDevice;
    this.devices = states.state("alert-lifecycle", DeviceAlerts.class);
    for (int i = 0; i < locks.length; i++) {
      locks[i] = new Object();
    }
  }

  /** A lifecycle with a window of {@code window} and the default bound per device. */
  public AlertLifecycle(Duration window) {
    this(window, DEFAULT_MAX_KEYS_PER_DEVICE);
  }

  public Duration window() {
    return window;
  }

  /** Decides whether {@code occurrence} opens an alert or joins one, and returns the alert to store. */
  public Decision offer(Alert occurrence) {
    AlertKey key = AlertKey.of(occurrence);
    synchronized (lock(occurrence.deviceId())) {
      DeviceAlerts d = load(occurrence.deviceId());
      Alert open = d.get(key);
      if (open != null && within(open, occurrence) && open.status() != AlertStatus.RESOLVED) {
        Alert merged = merge(open, occurrence);
        d.put(key, merged, maxKeysPerDevice);
        devices.put(occurrence.deviceId(), d);
        return new Decision(open.status() == AlertStatus.DISMISSED ? Decision.Outcome.ABSORBED : Decision.Outcome.UPDATED, merged);
      }
      List<String> evidence = evidence(occurrence);
      Alert fresh = copy(occurrence, AlertStatus.NEW, occurrence.count(), occurrence.firstSeen(), occurrence.lastSeen(),
          withEvidence(occurrence.extendedProperties(), evidence));
      d.put(key, fresh, maxKeysPerDevice);
      devices.put(occurrence.deviceId(), d);
      return new Decision(Decision.Outcome.OPENED, fresh);
    }
  }

  /**
   * Makes a stored alert absorb occurrences again, after a restart. Resolved alerts are ignored;
   * for a key already known, the alert seen first later wins. Give alerts oldest first, so that the
   * bound per device keeps the newest.
   */
  public void restore(Alert stored) {
    if (stored.status() == AlertStatus.RESOLVED) {
      return;
    }
    AlertKey key = AlertKey.of(stored);
    synchronized (lock(stored.deviceId())) {
      DeviceAlerts d = load(stored.deviceId());
      Alert known = d.get(key);
      if (known == null || known.firstSeen().isBefore(stored.firstSeen())) {
        d.put(key, stored, maxKeysPerDevice);
        devices.put(stored.deviceId(), d);
      }
    }
  }

  /**
   * Tells the lifecycle that a user moved {@code alert} (as stored before the change) to
   * {@code status}, so that its next occurrences follow the new status. An alert made Active or
   * Dismissed again is followed when no other alert is open for its key.
   */
  public void statusChanged(Alert alert, AlertStatus status) {
    AlertKey key = AlertKey.of(alert);
    synchronized (lock(alert.deviceId())) {
      DeviceAlerts d = load(alert.deviceId());
      Alert known = d.get(key);
      if (known != null && known.systemAlertId().equals(alert.systemAlertId())) {
        d.replace(key, copy(known, status, known.count(), known.firstSeen(), known.lastSeen(), known.extendedProperties()));
        devices.put(alert.deviceId(), d);
      } else if (known == null && status != AlertStatus.RESOLVED) {
        d.put(key, copy(alert, status, alert.count(), alert.firstSeen(), alert.lastSeen(), alert.extendedProperties()),
            maxKeysPerDevice);
        devices.put(alert.deviceId(), d);
      }
    }
  }

  /** Forgets {@code alert}, for example because storing it failed; its next occurrence opens a new alert. */
  public void forget(Alert alert) {
    AlertKey key = AlertKey.of(alert);
    synchronized (lock(alert.deviceId())) {
      DeviceAlerts d = devices.get(alert.deviceId());
      Alert known = d == null ? null : d.get(key);
      if (known != null && known.systemAlertId().equals(alert.systemAlertId())) {
        d.remove(key);
        if (d.size() == 0) {
          devices.remove(alert.deviceId());
        } else {
          devices.put(alert.deviceId(), d);
        }
      }
    }
  }

  /** How many alerts of {@code deviceId} may currently absorb occurrences. */
  public int tracked(String deviceId) {
    synchronized (lock(deviceId)) {
      DeviceAlerts d = devices.get(deviceId);
      return d == null ? 0 : d.size();
    }
  }

  private Object lock(String deviceId) {
    return locks[Math.floorMod(deviceId.hashCode(), locks.length)];
  }

  /** The device's state, or an empty one it does not have yet (stored only once changed). */
  private DeviceAlerts load(String deviceId) {
    DeviceAlerts d = devices.get(deviceId);
    return d == null ? DeviceAlerts.empty() : d;
  }

  private boolean within(Alert open, Alert occurrence) {
    return Duration.between(open.firstSeen(), occurrence.firstSeen()).abs().compareTo(window) < 0;
  }

  private static Alert merge(Alert open, Alert o) {
    List<String> evidence = new ArrayList<>(evidence(open));
    for (String id : evidence(o)) {
      if (evidence.size() < MAX_EVIDENCE && !evidence.contains(id)) {
        evidence.add(id);
      }
    }
    Instant first = o.firstSeen().isBefore(open.firstSeen()) ? o.firstSeen() : open.firstSeen();
    Instant last = o.lastSeen().isAfter(open.lastSeen()) ? o.lastSeen() : open.lastSeen();
    return copy(open, open.status(), open.count() + o.count(), first, last, withEvidence(open.extendedProperties(), evidence));
  }

  /** The evidence event ids of {@code a}: its list when it has one, else its EventId, else none. */
  static List<String> evidence(Alert a) {
    String list = a.extendedProperties().get(EVIDENCE_EVENT_IDS);
    if (list != null) {
      return list.isEmpty() ? List.of() : Arrays.asList(list.split(","));
    }
    String id = a.extendedProperties().get(EVENT_ID);
    return id == null || id.isEmpty() ? List.of() : List.of(id);
  }

  private static Map<String, String> withEvidence(Map<String, String> extended, List<String> evidence) {
    if (evidence.isEmpty()) {
      return extended;
    }
    Map<String, String> out = new LinkedHashMap<>(extended);
    out.put(EVIDENCE_EVENT_IDS, String.join(",", evidence));
    return out;
  }

  private static Alert copy(Alert a, AlertStatus status, long count, Instant first, Instant last, Map<String, String> extended) {
    return new Alert(a.systemAlertId(), a.alertName(), a.displayName(), a.severity(), a.description(), a.remediationSteps(),
        a.deviceId(), a.entities(), extended, status, count, first, last, a.timeGenerated(), a.ruleId(), a.tactics(), a.techniques());
  }
}
