package io.vigil.detect.intel;

import io.vigil.detect.lifecycle.AlertEntities;
import io.vigil.model.Alert;
import io.vigil.model.AlertStatus;
import io.vigil.model.Severity;
import io.vigil.model.event.DeviceEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** The three threat-intelligence alerts, and how one is built from the matches of one payload item. */
enum IntelAlert {
  CONNECTION("IoT_TiConnection", "Connection to an address in threat intelligence",
      "Find the process that made the connection and why: a compromised service, malware or a miner. Block the"
          + " address at the firewall if nothing legitimate needs it, and check the device for persistence"
          + " (cron, systemd units, new files)."),
  NAME_QUERY("IoT_MaliciousNameQueriesDetection", "DNS query for a malicious domain",
      "Find the process that looked the name up. Block the domain at the resolver or firewall, and check the"
          + " device for the software that used it."),
  POSSIBLE_MALWARE("IoT_PossibleMalware", "Possible malware from a known malicious source",
      "Stop the process, quarantine the file and any download, and find how it got onto the device: check the"
          + " command history, cron, systemd units and recently created files. Rotate the credentials of the"
          + " account that ran it.");

  private final String alertName;
  private final String displayName;
  private final String remediation;

  IntelAlert(String alertName, String displayName, String remediation) {
    this.alertName = alertName;
    this.displayName = displayName;
    this.remediation = remediation;
  }

  String alertName() {
    return alertName;
  }

  /**
   * The alert for the {@code index}th payload item of {@code event}, from its matches (not
   * empty). The strongest match, by confidence and then by the order found, leads; the others
   * are listed. The id is stable for the occurrence, so a replayed event raises the same alert.
   *
   * @param subject what was seen, for example {@code Outbound connection from /usr/bin/curl (pid
   *     42) to 203.0.113.5:443}
   */
  Alert build(DeviceEvent event, int index, String subject, List<IntelMatch> matches, Map<String, String> entities) {
    List<IntelMatch> ranked = matches.stream()
        .sorted(Comparator.comparingInt((IntelMatch m) -> m.indicator().confidence()).reversed())
        .toList();
    IntelMatch best = ranked.getFirst();
    Indicator indicator = best.indicator();
    var header = event.event().header();
    String occurrence = ThreatIntelDetection.RULE_ID + "|" + alertName + "|" + event.deviceId() + "|" + header.id() + "|" + index;

    StringBuilder description = new StringBuilder(subject).append(": ").append(best.field()).append(' ')
        .append(best.observed()).append(" matches threat-intelligence indicator ").append(best.describe()).append('.');
    String others = ranked.stream().skip(1).map(m -> m.field() + " " + m.observed() + " matches " + m.describe())
        .collect(Collectors.joining("; "));
    if (!others.isEmpty()) {
      description.append(" Also: ").append(others).append('.');
    }

    Map<String, String> all = new LinkedHashMap<>();
    all.put(AlertEntities.DEVICE, event.deviceId());
    all.putAll(entities);
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("IndicatorSource", indicator.source());
    properties.put("IndicatorConfidence", Integer.toString(indicator.confidence()));
    properties.put("IndicatorTags", String.join(",", indicator.tags()));
    properties.put("IndicatorType", indicator.type().feedName());
    properties.put("IndicatorValue", indicator.value());
    properties.put("IndicatorExpires", indicator.expires().equals(Indicator.NEVER) ? "never" : indicator.expires().toString());
    properties.put("MatchedField", best.field());
    properties.put("MatchedValue", best.observed());
    properties.put("EventId", header.id());
    if (!others.isEmpty()) {
      properties.put("OtherMatches", others);
    }
    boolean download = matches.stream().anyMatch(m -> m.field().startsWith("CommandLine URL"));
    return new Alert(
        UUID.nameUUIDFromBytes(occurrence.getBytes(StandardCharsets.UTF_8)).toString(),
        alertName,
        displayName,
        Severity.MEDIUM,
        description.toString(),
        remediation,
        event.deviceId(),
        all,
        properties,
        AlertStatus.NEW,
        1,
        header.timestampUtc(),
        header.timestampUtc(),
        event.received(),
        ThreatIntelDetection.RULE_ID,
        tactics(matches, download),
        techniques(matches, download));
  }

  /** A download (T1105, ingress tool transfer) is command and control; a known-bad file is execution. */
  private List<String> tactics(List<IntelMatch> matches, boolean download) {
    if (this != POSSIBLE_MALWARE) {
      return List.of("CommandAndControl");
    }
    boolean file = matches.stream().anyMatch(m -> !m.field().startsWith("CommandLine URL"));
    return file && download ? List.of("Execution", "CommandAndControl") : List.of(download ? "CommandAndControl" : "Execution");
  }

  /**
   * MITRE ATT&amp;CK Enterprise and ICS techniques. A connection to a listed address is command and
   * control over an application-layer protocol (T1071; ICS T0869), a listed name looked up is the DNS
   * form of it (T1071.004; ICS T0869). A known-bad file is user execution of a malicious file
   * (T1204.002; ICS T0863, user execution), a download of a listed URL or host is ingress tool
   * transfer (T1105, which has no ICS counterpart).
   */
  private List<String> techniques(List<IntelMatch> matches, boolean download) {
    return switch (this) {
      case CONNECTION -> List.of("T1071", "T0869");
      case NAME_QUERY -> List.of("T1071.004", "T0869");
      case POSSIBLE_MALWARE -> {
        boolean file = matches.stream().anyMatch(m -> !m.field().startsWith("CommandLine URL"));
        List<String> out = new ArrayList<>();
        if (file) {
          out.addAll(List.of("T1204.002", "T0863"));
        }
        if (download) {
          out.add("T1105");
        }
        yield List.copyOf(out);
      }
    };
  }
}
