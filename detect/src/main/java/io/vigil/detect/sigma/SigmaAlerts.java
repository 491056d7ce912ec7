package io.vigil.detect.sigma;

import io.vigil.detect.lifecycle.AlertEntities;
import io.vigil.detect.lifecycle.AlertLifecycle;
import io.vigil.model.Alert;
import io.vigil.model.AlertStatus;
import io.vigil.model.Severity;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Builds the alert a rule match raises. AlertName is the rule's {@code vigil.alertName}, else its
 * {@code name}, else its id; DisplayName its title; the severity follows {@code level}
 * (critical and high are High; none is Medium); the remediation is {@code vigil.remediation}.
 * Entities are the event's fields (or a correlation's group-by values) plus the typed keys of
 * {@link AlertEntities}.
 */
final class SigmaAlerts {
  /** Longest field value copied into an alert; command lines can be long. */
  private static final int MAX_VALUE = 1024;

  private SigmaAlerts() {}

  /** The alert for a detection rule that matched one payload item. */
  static Alert detection(RuleMatch m, String deviceId, String eventId, int item, Map<String, Object> fields, Instant received) {
    Map<String, String> entities = new LinkedHashMap<>();
    StringBuilder evidence = new StringBuilder();
    fields.forEach((name, value) -> {
      if (!name.equals("DeviceId") && !name.equals("SecurityGroup")) {
        String text = clip(EventView.text(value));
        entities.put(name, text);
        evidence.append(evidence.isEmpty() ? "" : ", ").append(name).append('=').append(text);
      }
    });
    Map<String, String> extended = extended(m.rule());
    extended.put("EventId", eventId);
    String id = m.rule().id() + "|" + deviceId + "|" + eventId + "|" + item;
    return alert(m, deviceId, id, summary(m.rule()) + " Event: " + evidence + ".", typed(deviceId, entities), extended, received);
  }

  /** The alert for a correlation rule that fired. */
  static Alert correlation(RuleMatch m, String deviceId, Instant generated) {
    SigmaRule rule = m.rule();
    Map<String, String> extended = extended(rule);
    extended.put("CorrelationType", rule.correlationType());
    extended.put("Events", Long.toString(m.events()));
    extended.put("Value", Long.toString(m.value()));
    if (!m.eventIds().isEmpty()) {
      extended.put(AlertLifecycle.EVIDENCE_EVENT_IDS, String.join(",", m.eventIds()));
    }
    StringBuilder group = new StringBuilder();
    m.group().forEach((k, v) -> group.append(group.isEmpty() ? " for " : ", ").append(k).append('=').append(v));
    String description = summary(rule) + " " + m.events() + " matching events in "
        + Duration.between(m.firstSeen(), m.lastSeen()).toSeconds() + " s" + group + ".";
    String id = rule.id() + "|" + deviceId + "|" + m.group() + "|" + m.firstSeen() + "|" + m.lastSeen();
    return alert(m, deviceId, id, description, typed(deviceId, m.group()), extended, generated);
  }

  private static Alert alert(RuleMatch m, String deviceId, String occurrence, String description, Map<String, String> entities,
      Map<String, String> extended, Instant generated) {
    SigmaRule rule = m.rule();
    return new Alert(
        UUID.nameUUIDFromBytes(occurrence.getBytes(StandardCharsets.UTF_8)).toString(),
        alertName(rule),
        rule.title(),
        severity(rule.level()),
        description,
        rule.remediation(),
        deviceId,
        entities,
        extended,
        AlertStatus.NEW,
        1,
        m.firstSeen(),
        m.lastSeen(),
        generated,
        rule.id(),
        MitreTags.tactics(rule.tags()),
        MitreTags.techniques(rule.tags()));
  }

  /**
   * The typed entities ({@link AlertEntities}) taken from Sigma taxonomy and wire fields, after the
   * raw fields: Process from Image (else Executable), User from User (else UserName, else UserId),
   * RemoteIp and RemotePort from RemoteAddress/RemotePort, else the destination of an initiated
   * connection, else the source; File from TargetFilename.
   */
  static Map<String, String> typed(String deviceId, Map<String, String> raw) {
    boolean initiated = "true".equalsIgnoreCase(raw.get("Initiated"));
    AlertEntities.Builder b = AlertEntities.of(deviceId);
    raw.forEach(b::putIfAbsent);
    return b.putIfAbsent(AlertEntities.PROCESS, first(raw, "Image", "Executable"))
        .putIfAbsent(AlertEntities.USER, first(raw, "User", "UserName", "UserId"))
        .putIfAbsent(AlertEntities.REMOTE_IP, first(raw, "RemoteAddress", initiated ? "DestinationIp" : "SourceIp"))
        .putIfAbsent(AlertEntities.REMOTE_PORT, first(raw, "RemotePort", initiated ? "DestinationPort" : "SourcePort"))
        .putIfAbsent(AlertEntities.FILE, raw.get("TargetFilename"))
        .build();
  }

  private static String first(Map<String, String> raw, String... keys) {
    for (String k : keys) {
      String v = raw.get(k);
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }

  static String alertName(SigmaRule rule) {
    return rule.alertName() != null ? rule.alertName() : rule.name() != null ? rule.name() : rule.id();
  }

  static Severity severity(String level) {
    return switch (level == null ? "medium" : level) {
      case "critical", "high" -> Severity.HIGH;
      case "low" -> Severity.LOW;
      case "informational" -> Severity.INFORMATIONAL;
      default -> Severity.MEDIUM;
    };
  }

  private static Map<String, String> extended(SigmaRule rule) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("RuleTitle", rule.title());
    out.put("RuleSource", rule.source() + ":" + rule.line());
    if (rule.level() != null) {
      out.put("RuleLevel", rule.level());
    }
    return out;
  }

  private static String summary(SigmaRule rule) {
    String d = rule.description() != null ? rule.description().strip() : rule.title();
    return d.endsWith(".") ? d : d + ".";
  }

  private static String clip(String value) {
    return value.length() <= MAX_VALUE ? value : value.substring(0, MAX_VALUE) + "...";
  }
}
