package io.vigil.detect.anomaly;

import io.vigil.detect.lifecycle.AlertEntities;
import io.vigil.model.Alert;
import io.vigil.model.AlertStatus;
import io.vigil.model.Severity;
import io.vigil.model.event.ConnectionCreate;
import io.vigil.model.event.DeviceEvent;
import io.vigil.model.event.Heartbeat;
import io.vigil.model.event.ListeningPorts;
import io.vigil.model.event.Login;
import io.vigil.model.event.ProcessCreate;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** The alerts of the anomaly models. Ids are derived from device and item (or excursion), so a replay raises the same ids. */
final class AnomalyAlerts {
  /** A rate and its alert. */
  record Rate(String alertName, String displayName, String ruleId, String unit) {}

  static final Rate CONNECTION_RATE = new Rate("IoT_AnomalousConnectionRate", "Connection rate above the device's normal band",
      "builtin:anomaly-connection-rate", "connections");
  static final Rate MESSAGE_RATE = new Rate("IoT_AnomalousMessageRate", "Message rate above the device's normal band",
      "builtin:anomaly-message-rate", "messages");
  static final Rate BYTES_OUT = new Rate("IoT_AnomalousBytesOut", "Bytes sent above the device's normal band",
      "builtin:anomaly-bytes-out", "KiB");

  private static final String LEARNED = " It was not in the profile learned from the device's own behaviour, and fewer than the"
      + " configured share of the devices in its security group have it.";

  private AnomalyAlerts() {}

  static Alert executable(DeviceEvent de, ProcessCreate.Process p) {
    Map<String, String> entities = AlertEntities.of(de.deviceId()).put(AlertEntities.PROCESS, p.executable())
        .put(AlertEntities.COMMAND_LINE, p.commandLine()).put(AlertEntities.PROCESS_ID, Long.toString(p.processId()))
        .putFirst(AlertEntities.USER, p.userName(), p.userId()).build();
    return alert(de, Kind.EXECUTABLE, p.executable(),
        "Device " + de.deviceId() + " ran " + p.executable() + " (" + p.commandLine() + ")." + LEARNED,
        "Check what installed or started this program. If it is a legitimate update, no action is needed: it is now part"
            + " of the profile. Otherwise isolate the device and look for how it got there.",
        entities, List.of("Execution"), List.of("T1204", "T0863"));
  }

  static Alert endpoint(DeviceEvent de, ConnectionCreate.Connection c) {
    Map<String, String> entities = AlertEntities.of(de.deviceId()).put(AlertEntities.REMOTE_IP, c.remoteAddress())
        .put(AlertEntities.REMOTE_PORT, c.remotePort()).put(AlertEntities.PROCESS, c.executable())
        .put(AlertEntities.COMMAND_LINE, c.commandLine()).build();
    String endpoint = c.remoteAddress() + " port " + c.remotePort();
    return alert(de, Kind.ENDPOINT, c.remoteAddress() + " " + c.remotePort(),
        "Device " + de.deviceId() + " connected to " + endpoint + " (" + c.protocol() + ") from " + c.executable() + "." + LEARNED,
        "Check whether the device should talk to this endpoint (a new cloud service or firmware update server?). An"
            + " unexpected destination can be command and control or exfiltration: block it and inspect the process.",
        entities, List.of("CommandAndControl"), List.of("T1071", "T0869"));
  }

  static Alert listeningPort(DeviceEvent de, ListeningPorts.Port port) {
    String proto = port.protocol().toLowerCase(Locale.ROOT);
    Map<String, String> entities = AlertEntities.of(de.deviceId()).put("LocalPort", port.localPort()).put("Protocol", proto)
        .put("LocalAddress", port.localAddress()).build();
    return alert(de, Kind.LISTENING_PORT, proto + "/" + port.localPort(),
        "Device " + de.deviceId() + " listens on " + proto + " port " + port.localPort()
            + (port.localAddress() == null ? "" : " (" + port.localAddress() + ")") + "." + LEARNED,
        "Find the process that opened the port. A backdoor or a debug service left on widens the attack surface: stop it"
            + " or firewall it.",
        entities, List.of("Persistence"), List.of("T1205", "T1133"));
  }

  static Alert loginUser(DeviceEvent de, Login.Attempt a, String user) {
    Map<String, String> entities = AlertEntities.of(de.deviceId()).put(AlertEntities.USER, user)
        .put(AlertEntities.REMOTE_IP, a.remoteAddress()).put(AlertEntities.PROCESS, a.executable()).build();
    return alert(de, Kind.LOGIN_USER, user,
        "User " + user + " logged in to device " + de.deviceId() + " through " + a.operation()
            + (a.remoteAddress() == null ? " locally" : " from " + a.remoteAddress()) + "." + LEARNED,
        "Confirm that this account should log in to the device. If not, disable the account, rotate its credentials and"
            + " review what it did.",
        entities, List.of("InitialAccess"), List.of("T1078", "T0859"));
  }

  static Alert rate(DeviceEvent de, Rate rate, RateWindow.Excursion x, int k) {
    Instant first = Instant.ofEpochSecond(x.first() * 60);
    Instant last = Instant.ofEpochSecond(x.last() * 60 + 60);
    String occurrence = rate.ruleId() + "|" + de.deviceId() + "|" + x.first();
    return new Alert(id(occurrence), rate.alertName(), rate.displayName(), Severity.LOW,
        "Device " + de.deviceId() + " sent " + x.count() + " " + rate.unit() + " in the minute from "
            + Instant.ofEpochSecond(x.last() * 60) + ", above its normal band (median " + round(x.median()) + ", upper bound "
            + round(x.upper()) + " per minute) for " + k + " consecutive minutes.",
        "Look at what the device did in these minutes (scanning, flooding, a misbehaving update, exfiltration). The alarm"
            + " clears after " + k + " minutes back inside the band; a lasting change of workload becomes normal as the"
            + " band follows the device's recent normal minutes.",
        de.deviceId(), AlertEntities.of(de.deviceId()).build(),
        Map.of("Count", Integer.toString(x.count()), "Median", round(x.median()), "UpperBound", round(x.upper()),
            "WindowStart", first.toString(), "SecurityGroup", de.securityGroup()),
        AlertStatus.NEW, 1, first, last, de.received(), rate.ruleId(), List.of("Impact"), List.of("T1498", "T0814"));
  }

  /**
   * The device sent more than its band allows for {@code k} consecutive heartbeat intervals.
   *
   * @param x its times in epoch seconds and its values in KiB per minute
   * @param bytes what the last interval reported
   */
  static Alert bytesOut(DeviceEvent de, RateWindow.Excursion x, int k, Heartbeat.Transmitted bytes) {
    Rate rate = BYTES_OUT;
    Instant first = Instant.ofEpochSecond(x.first());
    Instant last = Instant.ofEpochSecond(x.last());
    return new Alert(id(rate.ruleId() + "|" + de.deviceId() + "|" + x.first()), rate.alertName(), rate.displayName(),
        Severity.MEDIUM,
        "Device " + de.deviceId() + " sent " + bytes.bytes() + " bytes from " + bytes.start() + " to " + bytes.end() + " ("
            + x.count() + " KiB per minute), above its normal band (median " + round(x.median()) + ", upper bound "
            + round(x.upper()) + " KiB per minute) for " + k + " consecutive heartbeat intervals since " + first + ".",
        "Find what is sending: the device's connections in these minutes name the processes and the destinations. A"
            + " backup, log upload or video stream that is expected becomes normal as the band follows the device's recent"
            + " intervals; otherwise this can be exfiltration or the device taking part in a flood: isolate it. The alarm"
            + " clears after " + k + " intervals back inside the band.",
        de.deviceId(), AlertEntities.of(de.deviceId()).build(),
        Map.of("Count", Integer.toString(x.count()), "Unit", "KiB per minute", "Median", round(x.median()),
            "UpperBound", round(x.upper()), "BytesSent", Long.toString(bytes.bytes()), "WindowStart", first.toString(),
            "SecurityGroup", de.securityGroup()),
        AlertStatus.NEW, 1, first, last, de.received(), rate.ruleId(), List.of("Exfiltration", "Impact"),
        List.of("T1041", "T1498", "T0882"));
  }

  private static Alert alert(DeviceEvent de, Kind kind, String item, String description, String remediation,
      Map<String, String> entities, List<String> tactics, List<String> techniques) {
    Instant at = de.event().header().timestampUtc();
    return new Alert(id(kind.ruleId + "|" + de.deviceId() + "|" + item), kind.alertName, kind.displayName, kind.severity,
        description, remediation, de.deviceId(), entities,
        Map.of("Item", item, "EventId", de.event().header().id(), "SecurityGroup", de.securityGroup()),
        AlertStatus.NEW, 1, at, at, de.received(), kind.ruleId, tactics, techniques);
  }

  private static String id(String occurrence) {
    return UUID.nameUUIDFromBytes(occurrence.getBytes(StandardCharsets.UTF_8)).toString();
  }

  private static String round(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
  }
}
