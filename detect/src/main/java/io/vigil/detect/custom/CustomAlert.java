package io.vigil.detect.custom;

import io.vigil.detect.custom.CustomAlertRule.ListMode;
import io.vigil.model.Alert;
import io.vigil.model.AlertStatus;
import io.vigil.model.Severity;
import io.vigil.model.event.DeviceEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The alerts of custom alert rules: AlertName is the rule's type ({@code ProcessNotAllowed}),
 * severity Medium, the rule id {@code custom:GROUP/TYPE[/allow|/deny]}. Ids are stable for the
 * occurrence (event item, or device and window), so a replay raises the same alert.
 */
final class CustomAlert {
  private CustomAlert() {}

  /**
   * The alert for a value a list rule does not allow.
   *
   * @param subject what was seen, for example {@code Process /tmp/x (pid 42) started by root}
   * @param value the checked value
   * @param matched the deny-list value that matched; null for an allow-list
   */
  static Alert list(DeviceEvent event, int index, CustomAlertRule rule, String subject, String value, String matched,
      Map<String, String> entities) {
    String group = event.securityGroup();
    String which = rule.type().alertName() + " " + rule.list().wireName() + "-list of security group '" + group + "'";
    String description = subject + ": " + value + (matched == null
        ? " is not on the " + which + "."
        : " is on the " + which + " (as '" + matched + "').");
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("SecurityGroup", group);
    properties.put("List", rule.list().wireName());
    properties.put("Value", value);
    if (matched != null) {
      properties.put("MatchedListValue", matched);
    }
    properties.put("EventId", event.event().header().id());
    Instant at = event.event().header().timestampUtc();
    String occurrence = rule.ruleId(group) + "|" + event.deviceId() + "|" + event.event().header().id() + "|" + index;
    return alert(rule, group, occurrence, description, listRemediation(rule.type(), rule.list()), event.deviceId(), entities,
        properties, at, at, event.received());
  }

  /** The alert for a window whose count is out of its rule's range. */
  static Alert range(String deviceId, String group, CustomAlertRule rule, Instant start, Instant end, long count, Instant now) {
    String description = "Device " + deviceId + ": a count of " + count + " in the " + human(rule.window()) + " window from "
        + start + " to " + end + " is " + (count > rule.max() ? "above" : "below") + " the allowed range of security group '"
        + group + "', " + rule.min() + " to " + rule.max() + ". Counted: " + rule.type().what() + ".";
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("SecurityGroup", group);
    properties.put("Count", Long.toString(count));
    properties.put("Min", Long.toString(rule.min()));
    properties.put("Max", Long.toString(rule.max()));
    properties.put("Window", rule.window().toString());
    properties.put("WindowStart", start.toString());
    properties.put("WindowEnd", end.toString());
    String occurrence = rule.ruleId(group) + "|" + deviceId + "|" + start;
    String remediation = (count > rule.max() ? "The count is above the range: " : "The count is below the range: ")
        + "find out what changed on the device or in its use (a new workload, a fault, an intruder, a stopped service)."
        + " If the new level is expected, widen the range in the group's custom alerts.";
    return alert(rule, group, occurrence, description, remediation, deviceId, Map.of(), properties,
        start, end, now);
  }

  private static Alert alert(CustomAlertRule rule, String group, String occurrence, String description, String remediation,
      String deviceId, Map<String, String> entities, Map<String, String> properties, Instant first, Instant last, Instant now) {
    Map<String, String> all = new LinkedHashMap<>();
    all.put(io.vigil.detect.lifecycle.AlertEntities.DEVICE, deviceId);
    all.putAll(entities);
    return new Alert(
        UUID.nameUUIDFromBytes(occurrence.getBytes(StandardCharsets.UTF_8)).toString(),
        rule.type().alertName(),
        rule.type().displayName(),
        Severity.MEDIUM,
        description,
        remediation,
        deviceId,
        all,
        properties,
        AlertStatus.NEW,
        1,
        first,
        last,
        now,
        rule.ruleId(group),
        List.of(),
        List.of());
  }

  private static String listRemediation(CustomAlertType type, ListMode mode) {
    String act = switch (type) {
      case PROCESS -> "Find out who started the process and why; stop and remove it if it is not legitimate,"
          + " and check the device for how it got there (cron, systemd units, recent downloads).";
      case LOCAL_USER -> "Find out who logged in and from where; disable the account or change its password if the login"
          + " was not legitimate, and review what the session did.";
      case CONNECTION_TO_IP -> "Find the process that opened the connection; block the address at the firewall if"
          + " nothing legitimate needs it, and check the device for malware.";
      case CONNECTION_FROM_IP -> "Find the service that accepted the connection; restrict who may reach it at the"
          + " firewall, and check the device for a compromise.";
      default -> "Investigate the event.";
    };
    return act + (mode == ListMode.ALLOW
        ? " If the value is legitimate, add it to the group's allow-list."
        : " If the value is legitimate, remove it from the group's deny-list.");
  }

  /** {@code PT5M} as {@code 5-minute}. */
  static String human(Duration d) {
    if (d.toSeconds() % 86_400 == 0) {
      return d.toDays() + "-day";
    }
    if (d.toSeconds() % 3600 == 0) {
      return d.toHours() + "-hour";
    }
    if (d.toSeconds() % 60 == 0) {
      return d.toMinutes() + "-minute";
    }
    return d.toSeconds() + "-second";
  }
}
