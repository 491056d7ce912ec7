package io.vigil.server.pipeline;

import io.vigil.hub.settings.DataCollection;
import io.vigil.hub.settings.IpMasker;
import io.vigil.hub.settings.Settings;
import io.vigil.model.Alert;
import io.vigil.model.Recommendation;
import io.vigil.model.event.HubOperation;
import io.vigil.store.HubOperationRow;
import io.vigil.store.RawEvent;
import java.time.Instant;
import java.util.Optional;

/**
 * Applies the data-collection settings where the pipeline hands rows to the workspace, and only
 * there: detections see the events as they came (real addresses, so threat intelligence works),
 * and the rows stored are masked, left out for groups with security monitoring off, and without
 * twin operations for groups with twin data collection off.
 *
 * <p>Asks {@link DataCollection} for every row, so a settings change applies to the next one.
 */
final class CollectionBorder {
  private final DataCollection settings;

  CollectionBorder(DataCollection settings) {
    this.settings = settings;
  }

  /** True if events from {@code group} are analysed and stored; when false, counts {@code events} as not monitored. */
  boolean monitors(String group, int events) {
    if (settings.forGroup(group).securityMonitoring()) {
      return true;
    }
    settings.countUnmonitored(group, events);
    return false;
  }

  /** True if {@code deviceId}'s group has security monitoring on, so its hub operations are analysed. */
  boolean analyses(String deviceId) {
    return settings.forGroup(settings.groupOf(deviceId)).securityMonitoring();
  }

  RawEvent mask(RawEvent e) {
    IpMasker m = settings.masker(e.securityGroup());
    if (m.isNone()) {
      return e;
    }
    return new RawEvent(e.timeGenerated(), e.deviceId(), e.securityGroup(), e.agentId(), e.agentVersion(), e.category(),
        e.eventName(), e.eventType(), e.isEmpty(), e.eventId(), e.timeStamp(), e.payloadIndex(), m.json(e.eventDetails()));
  }

  /**
   * The row to store for a hub operation, masked; empty when the device's group has security
   * monitoring off (the operation is counted), or twin data collection off and it is a twin
   * operation. Settings changes are the administrator's own and are always stored as they are.
   */
  Optional<HubOperationRow> operation(String deviceId, HubOperation.Operation op, Instant at) {
    if (op.operation().equals(DataCollection.OPERATION)) {
      return Optional.of(row(deviceId, op, at, IpMasker.none()));
    }
    String group = settings.groupOf(deviceId);
    Settings s = settings.forGroup(group);
    if (!s.securityMonitoring()) {
      settings.countUnmonitoredOperation(group == null ? "" : group);
      return Optional.empty();
    }
    if (!s.twinDataCollection() && op.operation().startsWith("Twin")) {
      return Optional.empty();
    }
    return Optional.of(row(deviceId, op, at, settings.masker(group)));
  }

  private static HubOperationRow row(String deviceId, HubOperation.Operation op, Instant at, IpMasker m) {
    return new HubOperationRow(at, deviceId, op.operation(), op.result(), op.protocol(), m.text(op.sourceIp()), m.values(op.extraDetails()));
  }

  /** The alert as stored and told: every address in its texts and maps masked. */
  Alert mask(Alert a) {
    IpMasker m = settings.masker(settings.groupOf(a.deviceId()));
    if (m.isNone()) {
      return a;
    }
    return new Alert(a.systemAlertId(), a.alertName(), a.displayName(), a.severity(), m.text(a.description()),
        m.text(a.remediationSteps()), a.deviceId(), m.values(a.entities()), m.values(a.extendedProperties()), a.status(), a.count(),
        a.firstSeen(), a.lastSeen(), a.timeGenerated(), a.ruleId(), a.tactics(), a.techniques());
  }

  /** The recommendation as stored: every address in its description and data masked. */
  Recommendation mask(Recommendation r) {
    IpMasker m = settings.masker(settings.groupOf(r.deviceId()));
    if (m.isNone()) {
      return r;
    }
    return new Recommendation(r.recommendationId(), r.deviceId(), r.name(), r.displayName(), r.severity(), r.state(), m.text(r.description()),
        r.remediationSteps(), m.values(r.additionalData()), r.discoveredTime(), r.resolvedTime());
  }
}
