package io.vigil.wire;

import io.vigil.model.event.AgentStatistics;
import io.vigil.model.event.ConfigurationError;
import io.vigil.model.event.ConnectedHardware;
import io.vigil.model.event.ConnectionCreate;
import io.vigil.model.event.Diagnostic;
import io.vigil.model.event.Direction;
import io.vigil.model.event.DroppedEventsStatistics;
import io.vigil.model.event.EventHeader;
import io.vigil.model.event.FileIntegrity;
import io.vigil.model.event.FirewallConfiguration;
import io.vigil.model.event.Heartbeat;
import io.vigil.model.event.HubOperation;
import io.vigil.model.event.KernelModule;
import io.vigil.model.event.ListeningPorts;
import io.vigil.model.event.LocalUsers;
import io.vigil.model.event.Login;
import io.vigil.model.event.MessageStatistics;
import io.vigil.model.event.OSBaseline;
import io.vigil.model.event.Peripheral;
import io.vigil.model.event.ProcessCreate;
import io.vigil.model.event.ProcessTerminate;
import io.vigil.model.event.Sbom;
import io.vigil.model.event.SecurityEvent;
import io.vigil.model.event.SecurityMessage;
import io.vigil.model.event.SystemInformation;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** Events of every kind, built by hand, for the round-trip and schema tests. */
final class AllKinds {
  static final String AGENT_ID = "ea05af2d-7397-4a1b-9ec7-3dc15e762a69";
  private static final Map<String, String> EXTRA = Map.of("Key", "value", "a/b~c", "escaped in pointers");

  private AllKinds() {}

  static SecurityMessage message(List<SecurityEvent> events) {
    return SecurityMessage.of("2.1.0", AGENT_ID, events);
  }

  /** One event of each of the 21 kinds, every optional field set. */
  static List<SecurityEvent> full() {
    return List.of(
        new ProcessCreate(header(1), List.of(new ProcessCreate.Process(
            "/usr/bin/curl", 4242, 1, "1000", "alice", "curl -s http://example.test/x.sh", Map.of("ParentExecutable", "/bin/bash")))),
        new ProcessTerminate(header(2), List.of(new ProcessTerminate.Process("/usr/bin/curl", 4242, -1, EXTRA))),
        new ConnectionCreate(header(3), List.of(new ConnectionCreate.Connection(
            "2001:db8::7", "443", "::ffff:10.0.0.5", "51234", Direction.OUT, "TCP", 4242, "1000", "/usr/bin/curl", "curl https://x", EXTRA))),
        new Login(header(4), List.of(new Login.Attempt(
            812, "0", "root", "PAM:authentication", "/usr/sbin/sshd", "203.0.113.9", "50022", "22", Login.Result.FAIL, EXTRA))),
        new ListeningPorts(header(5), List.of(new ListeningPorts.Port("0.0.0.0", "*", "127.0.0.1", "22", "TCP", EXTRA))),
        new FirewallConfiguration(header(6), List.of(new FirewallConfiguration.Rule(
            7L, Direction.IN, "INPUT", "*", true, FirewallConfiguration.Action.DENY,
            "10.0.0.0/8", "*", "Local subnet", "22,80", "TCP", EXTRA))),
        new LocalUsers(header(7), List.of(new LocalUsers.User("0;1", "root;daemon", "0", "root", EXTRA))),
        new ConnectedHardware(header(8), List.of(new ConnectedHardware.Hardware("USB", "Keyboard", "Logitech K120", EXTRA))),
        new OSBaseline(header(9), List.of(new OSBaseline.Check(
            "SSH root login should be disabled", "CCE-4387-1", OSBaseline.Result.FAIL, "PermitRootLogin is yes",
            OSBaseline.CheckSeverity.CRITICAL, EXTRA))),
        new SystemInformation(header(10), List.of(new SystemInformation.Info(
            "Debian GNU/Linux", "12", "Debian", "aarch64", "gw-1", "1.2", "/dev/mmcblk0", 4_000_000L, 1_000_000L, 2_000_000L, 2_000_000L, EXTRA))),
        new Diagnostic(header(11), List.of(new Diagnostic.Entry(
            "a9fff7f1-44b0-47ee-a2b4-6d07a24c4ccf", Diagnostic.Level.WARNING, "spool is 90% full", 99, 100, EXTRA))),
        new ConfigurationError(header(12), List.of(new ConfigurationError.Entry(
            "ProcessCreate_MessageFrequency", ConfigurationError.ErrorType.TYPE_MISMATCH, "Medium", "'Often' is not High, Medium or Low", EXTRA))),
        new DroppedEventsStatistics(header(13), List.of(
            new DroppedEventsStatistics.Queue(DroppedEventsStatistics.QueueName.HIGH, 120, 0, EXTRA),
            new DroppedEventsStatistics.Queue(DroppedEventsStatistics.QueueName.LOW, 9000, 17, Map.of()))),
        new MessageStatistics(header(14), List.of(new MessageStatistics.Stats(40, 12, 1, EXTRA))),
        new Sbom(header(15), List.of(new Sbom.Package("openssl", "3.0.15-1~deb12u1", "arm64", "dpkg", EXTRA))),
        new KernelModule(header(16), List.of(new KernelModule.Change(KernelModule.Operation.LOAD, "nf_tables", 348_160L, EXTRA))),
        new FileIntegrity(header(17), List.of(new FileIntegrity.Change(
            "/etc/passwd", FileIntegrity.ChangeType.MODIFIED, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            "0644", "root:root", Instant.parse("2026-03-01T08:15:30.250Z"), EXTRA))),
        new Peripheral(header(18), List.of(new Peripheral.Change(
            Peripheral.Operation.CONNECTED, Peripheral.DeviceClass.USB, "SanDisk Cruzer", "0781", "5567", "4C530001", EXTRA))),
        new Heartbeat(header(19), List.of(new Heartbeat.Beat(86_400, EXTRA), new Heartbeat.Beat(86_700, Map.of(),
            new Heartbeat.Transmitted(1_048_576, Instant.parse("2018-08-10T10:00:00Z"), Instant.parse("2018-08-10T10:05:00Z"))))),
        new HubOperation(header(20), List.of(new HubOperation.Operation("AuthFailure", "BadSignature", "MQTT", "198.51.100.4", EXTRA))),
        new AgentStatistics(header(21), List.of(
            new AgentStatistics.Collector("process", AgentStatistics.Status.OK, 1200, 1190, 10, null, EXTRA),
            new AgentStatistics.Collector("firewall", AgentStatistics.Status.UNAVAILABLE, 0, 0, 0, "nft and iptables-save not found", Map.of()))));
  }

  /** One event of each of the 21 kinds, every optional field null and every ExtraDetails empty. */
  static List<SecurityEvent> minimal() {
    return List.of(
        new ProcessCreate(header(1), List.of(new ProcessCreate.Process("/bin/true", 1, 0, "0", null, "true", null))),
        new ProcessTerminate(header(2), List.of(new ProcessTerminate.Process("/bin/true", 1, 0, null))),
        new ConnectionCreate(header(3), List.of(new ConnectionCreate.Connection(
            "192.0.2.1", "53", null, null, Direction.OUT, "UDP", 1, null, "/lib/systemd/systemd-resolved", null, null))),
        new Login(header(4), List.of(new Login.Attempt(1, null, "pi", "Login", "/bin/login", null, null, null, Login.Result.SUCCESS, null))),
        new ListeningPorts(header(5), List.of(new ListeningPorts.Port(null, null, null, "1883", "TCP", null))),
        new FirewallConfiguration(header(6), List.of(new FirewallConfiguration.Rule(
            null, null, null, null, false, FirewallConfiguration.Action.OTHER, null, null, null, null, null, null))),
        new LocalUsers(header(7), List.of()),
        new ConnectedHardware(header(8), List.of()),
        new OSBaseline(header(9), List.of()),
        new SystemInformation(header(10), List.of(new SystemInformation.Info(
            null, null, null, null, null, null, null, null, null, null, null, null))),
        new Diagnostic(header(11), List.of(new Diagnostic.Entry(null, Diagnostic.Level.DEBUG, "", 0, 0, null))),
        new ConfigurationError(header(12), List.of(new ConfigurationError.Entry(
            "Baseline_ChecksDisabled", ConfigurationError.ErrorType.CONFLICT, "", "", null))),
        new DroppedEventsStatistics(header(13), List.of()),
        new MessageStatistics(header(14), List.of()),
        new Sbom(header(15), List.of()),
        new KernelModule(header(16), List.of(new KernelModule.Change(KernelModule.Operation.UNLOAD, "usb_storage", null, null))),
        new FileIntegrity(header(17), List.of(new FileIntegrity.Change(
            "/etc/shadow", FileIntegrity.ChangeType.DELETED, null, null, null, null, null))),
        new Peripheral(header(18), List.of(new Peripheral.Change(
            Peripheral.Operation.DISCONNECTED, Peripheral.DeviceClass.NETWORK, "wlan0", null, null, null, null))),
        new Heartbeat(header(19), List.of()),
        new HubOperation(header(20), List.of(new HubOperation.Operation("Connect", "Success", null, null, null))),
        new AgentStatistics(header(21), List.of()));
  }

  /** A distinct header per event: its own id, a local offset, sub-second precision. */
  static EventHeader header(int n) {
    Instant time = Instant.parse("2026-03-01T08:00:00Z").plusSeconds(n).plusMillis(n * 7L);
    OffsetDateTime local = time.atOffset(n % 2 == 0 ? ZoneOffset.ofHoursMinutes(5, 30) : ZoneOffset.ofHours(-4));
    return new EventHeader(String.format("00000000-0000-4000-8000-%012d", n), time, local);
  }
}
