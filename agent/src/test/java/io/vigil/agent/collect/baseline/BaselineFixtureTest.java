package io.vigil.agent.collect.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.agent.collect.CollectorContext;
import io.vigil.model.event.OSBaseline;
import io.vigil.model.event.OSBaseline.Check;
import io.vigil.model.event.OSBaseline.CheckSeverity;
import io.vigil.model.event.OSBaseline.Result;
import io.vigil.model.event.SecurityEvent;
import io.vigil.model.event.SecurityMessage;
import io.vigil.wire.SecurityMessageCodec;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineFixtureTest {
  private static final Instant NOW = Instant.parse("2026-03-02T10:15:30Z");

  @TempDir Path tmp;

  static CollectorContext context(Path root) {
    return new CollectorContext(root, Clock.fixed(NOW, ZoneOffset.UTC), ZoneOffset.ofHours(1));
  }

  private static List<Check> run(BaselineCollector collector) throws Exception {
    List<SecurityEvent> events = collector.collect();
    assertThat(events).singleElement().isInstanceOf(OSBaseline.class);
    OSBaseline event = (OSBaseline) events.getFirst();
    assertThat(event.header().timestampUtc()).isEqualTo(NOW);
    assertThat(event.header().timestampLocal().getOffset()).isEqualTo(ZoneOffset.ofHours(1));
    return event.payload();
  }

  private static String outcomes(List<Check> items, String outcome) {
    return items.stream().filter(i -> i.extraDetails().get("Outcome").equals(outcome))
        .map(i -> i.cceId() + ": " + i.error()).collect(Collectors.joining("\n"));
  }

  @Test
  void aCleanDeviceFailsNoCheck() throws Exception {
    BaselineCollector collector = new BaselineCollector(context(FixtureTree.clean(tmp)));
    List<Check> items = run(collector);

    assertThat(collector.policyProblems()).isEmpty();
    assertThat(items).hasSize(collector.policy().checks().size());
    assertThat(outcomes(items, "Fail")).as("failed checks").isEmpty();
    assertThat(outcomes(items, "Error")).as("checks in error").isEmpty();
    // What does not apply to this device is skipped, saying why.
    assertThat(items.stream().filter(i -> i.extraDetails().get("Outcome").equals("Skip"))
            .collect(Collectors.toMap(Check::cceId, Check::error)))
        .containsExactlyInAnyOrderEntriesOf(Map.of(
            "VB-PERM-009", "/etc/security/opasswd does not exist",
            "VB-CRON-009", "at is not installed"));
  }

  @Test
  void aMisconfiguredDeviceFailsExactlyTheChecksOfItsMisconfigurations() throws Exception {
    List<Check> items = run(new BaselineCollector(context(FixtureTree.misconfigured(tmp))));

    Map<String, String> failed = new LinkedHashMap<>();
    items.stream().filter(i -> i.result() == Result.FAIL).forEach(i -> failed.put(i.cceId(), i.error()));
    assertThat(failed.keySet()).containsExactlyInAnyOrder(
        "VB-FS-004", "VB-SYS-001", "VB-SSH-004", "VB-ACC-001", "VB-PERM-005", "VB-PERM-016", "VB-SUID-001",
        "VB-SVC-001", "VB-SVC-007");
    assertThat(failed).containsExactlyInAnyOrderEntriesOf(Map.of(
        "VB-FS-004", "/tmp is mounted without noexec (/etc/fstab:9: defaults,nodev,nosuid,size=64M)",
        "VB-SYS-001", "net.ipv4.ip_forward = 1 in /etc/sysctl.d/99-router.conf:1; expected '0'",
        "VB-SSH-004", "PermitRootLogin is 'yes' in /etc/ssh/sshd_config:32; expected 'no'",
        "VB-ACC-001", "guest has an empty password (/etc/shadow:12)",
        "VB-PERM-005", "/etc/shadow has mode 0644; expected at most 0640",
        "VB-PERM-016", "1 world-writable entry: /usr/bin/helper.sh (0757)",
        "VB-SUID-001", "1 unexpected setuid file: /usr/local/bin/backdoor (4755)",
        "VB-SVC-001", "/etc/inetd.conf:3 starts telnet",
        "VB-SVC-007", "inetd.service is enabled (/etc/systemd/system/multi-user.target.wants/inetd.service)"));
    assertThat(outcomes(items, "Error")).as("checks in error").isEmpty();
  }

  @Test
  void everyFieldOfAFailedAPassedAndASkippedItem() throws Exception {
    Map<String, Check> byId = run(new BaselineCollector(context(FixtureTree.misconfigured(tmp)))).stream()
        .collect(Collectors.toMap(Check::cceId, c -> c));

    assertThat(byId.get("VB-SSH-004")).isEqualTo(new Check("SSH root login is disabled", "VB-SSH-004", Result.FAIL,
        "PermitRootLogin is 'yes' in /etc/ssh/sshd_config:32; expected 'no'", CheckSeverity.CRITICAL, Map.of(
            "Outcome", "Fail", "Group", "ssh", "Cis", "Ensure SSH root login is disabled",
            "Rationale", "Logging in as root directly leaves no trace of who did it, and makes root's password or key the "
                + "single target of every brute-force attempt.",
            "Remediation", "Set 'PermitRootLogin no' in /etc/ssh/sshd_config (before any Match block, and in no earlier "
                + "Include file) and restart sshd; log in as a user and use sudo.")));
    assertThat(byId.get("VB-SSH-008")).isEqualTo(new Check("SSH X11 forwarding is disabled", "VB-SSH-008", Result.PASS, "",
        CheckSeverity.WARNING, Map.of("Outcome", "Pass", "Group", "ssh", "Cis", "Ensure SSH X11 forwarding is disabled",
            "Rationale", "A device has no use for X11 forwarding, and a forwarded display exposes the client's desktop to the server.",
            "Remediation", "Set 'X11Forwarding no' in /etc/ssh/sshd_config and restart sshd.")));
    assertThat(byId.get("VB-CRON-009")).isEqualTo(new Check("at is restricted to allowed users", "VB-CRON-009", Result.PASS,
        "at is not installed", CheckSeverity.WARNING, Map.of("Outcome", "Skip", "Group", "cron",
            "Cis", "Ensure at is restricted to authorized users",
            "Rationale", "Without /etc/at.allow, every user may schedule jobs with at.",
            "Remediation", "Create /etc/at.allow listing the users who may use at (root at least).")));
    assertThat(byId.get("VB-ACC-012").extraDetails()).doesNotContainKey("Cis"); // a check without a CIS counterpart
  }

  @Test
  void disabledChecksAndGroupsAreNeitherRunNorReported() throws Exception {
    Path root = FixtureTree.misconfigured(tmp);
    BaselineCollector all = new BaselineCollector(context(root));
    BaselineCollector some = new BaselineCollector(context(root),
        new BaselineSettings(Set.of("VB-SSH-004", "VB-FS-004"), Set.of("services", "suid")));

    List<Check> everything = run(all);
    List<Check> items = run(some);

    assertThat(items).extracting(Check::cceId)
        .doesNotContain("VB-SSH-004", "VB-FS-004")
        .noneMatch(id -> id.startsWith("VB-SVC-") || id.startsWith("VB-SUID-"))
        .contains("VB-SSH-001", "VB-FS-001");
    assertThat(everything.size() - items.size())
        .isEqualTo(2 + everything.stream().filter(i -> Set.of("services", "suid").contains(i.extraDetails().get("Group"))).count());
    assertThat(items.stream().filter(i -> i.result() == Result.FAIL).map(Check::cceId))
        .containsExactlyInAnyOrder("VB-SYS-001", "VB-ACC-001", "VB-PERM-005", "VB-PERM-016");
  }

  @Test
  void theEventIsValidOnTheWire() throws Exception {
    List<SecurityEvent> events = new BaselineCollector(context(FixtureTree.misconfigured(tmp))).collect();
    SecurityMessageCodec codec = new SecurityMessageCodec();
    SecurityMessage message = SecurityMessage.of("1.0.0", UUID.randomUUID().toString(), events);
    assertThat(codec.decode(codec.encode(message)).events().getFirst().payload()).isEqualTo(events.getFirst().payload());
  }
}
