package io.vigil.detect.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.event.AgentStatistics;
import io.vigil.model.event.ConfigurationError;
import io.vigil.model.event.ConnectedHardware;
import io.vigil.model.event.ConnectionCreate;
import io.vigil.model.event.DeviceEvent;
import io.vigil.model.event.Diagnostic;
import io.vigil.model.event.Direction;
import io.vigil.model.event.DroppedEventsStatistics;
import io.vigil.model.event.EventHeader;
import io.vigil.model.event.EventKind;
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
import io.vigil.model.event.SystemInformation;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every event kind maps to documented logsources and fields. */
class LogsourceMappingTest {
  private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");
  private static final EventHeader H = EventHeader.at(T, ZoneOffset.UTC);

  private static LogsourceMapping.Item only(SecurityEvent e) {
    List<LogsourceMapping.Item> items = LogsourceMapping.items(new DeviceEvent("gw-1", "plant-a", "agent", "1.0", T, e));
    assertThat(items).hasSize(1);
    assertThat(items.get(0).fields()).containsEntry("DeviceId", "gw-1").containsEntry("SecurityGroup", "plant-a");
    return items.get(0);
  }

  @Test
  void processCreationHasSigmaTaxonomyFields() {
    var item = only(new ProcessCreate(H, List.of(new ProcessCreate.Process("/usr/bin/curl", 42, 7, "1000", "alice",
        "curl -o /tmp/x http://x", Map.of("ParentExecutable", "/bin/bash", "CurrentDirectory", "/home/alice", "Source", "Netlink")))));
    assertThat(item.logsources()).containsExactly(Logsource.of("linux", "process_creation"), Logsource.of("vigil", "process_create"));
    assertThat(item.fields()).containsEntry("Image", "/usr/bin/curl").containsEntry("CommandLine", "curl -o /tmp/x http://x")
        .containsEntry("ParentImage", "/bin/bash").containsEntry("CurrentDirectory", "/home/alice").containsEntry("User", "alice")
        .containsEntry("ProcessId", 42L).containsEntry("ParentProcessId", 7L).containsEntry("Executable", "/usr/bin/curl")
        .containsEntry("UserId", "1000").containsEntry("UserName", "alice").containsEntry("Source", "Netlink")
        .doesNotContainKey("ParentCommandLine");
  }

  @Test
  void processCreationFallsBackToTheUserIdForUser() {
    var item = only(new ProcessCreate(H, List.of(new ProcessCreate.Process("/bin/sh", 1, 0, "0", null, "sh", Map.of()))));
    assertThat(item.fields()).containsEntry("User", "0").doesNotContainKey("UserName");
  }

  @Test
  void extraDetailsFillOnlyTheNamesNoMappedFieldHasAndComeLast() {
    var item = only(new Login(H, List.of(new Login.Attempt(3, "0", "root", "sshd", "/usr/sbin/sshd", null, null, "22",
        Login.Result.FAIL, Map.of("RemoteAddress", "203.0.113.9", "UserName", "mallory", "Tty", "pts/0")))));
    Map<String, Object> fields = item.fields();
    assertThat(fields).containsEntry("RemoteAddress", "203.0.113.9").containsEntry("UserName", "root").containsEntry("Tty", "pts/0")
        .doesNotContainKey("RemotePort");
    assertThat(fields.get("NoSuchField")).isNull();
    assertThat(fields.containsKey("NoSuchField")).isFalse();
    assertThat(new java.util.ArrayList<>(fields.keySet()).subList(0, 9)).containsExactly(
        "DeviceId", "SecurityGroup", "ProcessId", "UserId", "UserName", "Operation", "Executable", "LocalPort", "Result");
    assertThat(new java.util.ArrayList<>(fields.keySet()).subList(9, 11)).containsExactlyInAnyOrder("RemoteAddress", "Tty");
    assertThat(fields).hasSize(11).isEqualTo(new java.util.LinkedHashMap<>(fields));
  }

  @Test
  void networkConnectionSourceIsTheSideThatOpenedIt() {
    var out = only(new ConnectionCreate(H, List.of(new ConnectionCreate.Connection("198.51.100.7", "4444", "10.0.0.2", "51000",
        Direction.OUT, "TCP", 42, "1000", "/bin/nc", "nc 198.51.100.7 4444", Map.of()))));
    assertThat(out.logsources()).containsExactly(Logsource.of("linux", "network_connection"), Logsource.of("vigil", "connection_create"));
    assertThat(out.fields()).containsEntry("Initiated", true).containsEntry("DestinationIp", "198.51.100.7").containsEntry("DestinationPort", 4444L)
        .containsEntry("SourceIp", "10.0.0.2").containsEntry("SourcePort", 51000L).containsEntry("Image", "/bin/nc")
        .containsEntry("CommandLine", "nc 198.51.100.7 4444").containsEntry("User", "1000").containsEntry("Protocol", "TCP")
        .containsEntry("Direction", "Out").containsEntry("RemoteAddress", "198.51.100.7");
    var in = only(new ConnectionCreate(H, List.of(new ConnectionCreate.Connection("198.51.100.7", "50123", "10.0.0.2", "22",
        Direction.IN, "TCP", 9, null, "/usr/sbin/sshd", null, Map.of("UserName", "root")))));
    assertThat(in.fields()).containsEntry("Initiated", false).containsEntry("DestinationIp", "10.0.0.2").containsEntry("DestinationPort", 22L)
        .containsEntry("SourceIp", "198.51.100.7").containsEntry("SourcePort", 50123L).containsEntry("User", "root")
        .doesNotContainKey("CommandLine");
  }

  @Test
  void fileChangesHaveSigmaFileCategoriesByChange() {
    var created = only(new FileIntegrity(H, List.of(new FileIntegrity.Change("/etc/cron.d/x", FileIntegrity.ChangeType.CREATED,
        "ab", "0644", "root:root", T, Map.of()))));
    assertThat(created.logsources()).containsExactly(Logsource.of("vigil", "file_integrity"), Logsource.of("linux", "file_event"));
    assertThat(created.fields()).containsEntry("TargetFilename", "/etc/cron.d/x").containsEntry("Path", "/etc/cron.d/x")
        .containsEntry("Change", "Created").containsEntry("Mode", "0644").containsEntry("ModifiedTime", "2026-03-01T10:00:00Z");
    var deleted = only(new FileIntegrity(H, List.of(new FileIntegrity.Change("/var/log/auth.log", FileIntegrity.ChangeType.DELETED,
        null, null, null, null, Map.of()))));
    assertThat(deleted.logsources()).contains(Logsource.of("linux", "file_delete"));
    assertThat(deleted.fields()).doesNotContainKeys("Sha256", "Mode");
    var modified = only(new FileIntegrity(H, List.of(new FileIntegrity.Change("/etc/passwd", FileIntegrity.ChangeType.MODIFIED,
        null, null, null, null, Map.of()))));
    assertThat(modified.logsources()).contains(Logsource.of("linux", "file_change"));
  }

  @Test
  void everyKindHasAVigilLogsourceWithItsWireFieldNames() {
    Map<SecurityEvent, Set<String>> cases = Map.ofEntries(
        Map.entry(new ProcessTerminate(H, List.of(new ProcessTerminate.Process("/bin/sh", 5, 0, Map.of()))), Set.of("Image", "ProcessId", "ExitStatus")),
        Map.entry(new Login(H, List.of(new Login.Attempt(3, "0", "root", "sshd", "/usr/sbin/sshd", "203.0.113.9", "50000", "22",
            Login.Result.FAIL, Map.of()))), Set.of("ProcessId", "UserId", "UserName", "Operation", "Executable", "RemoteAddress", "RemotePort", "LocalPort", "Result")),
        Map.entry(new ListeningPorts(H, List.of(new ListeningPorts.Port(null, null, "0.0.0.0", "23", "TCP", Map.of("Executable", "/bin/busybox")))),
            Set.of("LocalAddress", "LocalPort", "Protocol", "Executable")),
        Map.entry(new FirewallConfiguration(H, List.of(new FirewallConfiguration.Rule(1L, Direction.IN, "INPUT", null, true,
            FirewallConfiguration.Action.ALLOW, null, null, null, "22", "tcp", Map.of()))),
            Set.of("Priority", "Direction", "ChainName", "Enabled", "Action", "DestinationPort", "Protocol")),
        Map.entry(new LocalUsers(H, List.of(new LocalUsers.User("0", "root", "0", "root", Map.of()))), Set.of("GroupIds", "GroupNames", "UserId", "UserName")),
        Map.entry(new ConnectedHardware(H, List.of(new ConnectedHardware.Hardware("USB", "Storage", "Stick", Map.of()))),
            Set.of("HardwareCategory", "HardwareSubCategory", "HardwareName")),
        Map.entry(new OSBaseline(H, List.of(new OSBaseline.Check("SSH root login", "CCE-1", OSBaseline.Result.FAIL, "PermitRootLogin yes",
            OSBaseline.CheckSeverity.CRITICAL, Map.of()))), Set.of("Description", "CceId", "Result", "Error", "Severity")),
        Map.entry(new SystemInformation(H, List.of(new SystemInformation.Info("Linux", "6.1", "Debian", "x86_64", "gw", null, null,
            1024L, 512L, null, null, Map.of()))), Set.of("OSName", "OSVersion", "OSVendor", "OsArchitecture", "HostName",
            "TotalPhysicalMemoryInKB", "FreePhysicalMemoryInKB")),
        Map.entry(new Diagnostic(H, List.of(new Diagnostic.Entry(null, Diagnostic.Level.ERROR, "boom", 1, 2, Map.of()))),
            Set.of("Severity", "Message", "ProcessId", "ThreadId")),
        Map.entry(new ConfigurationError(H, List.of(new ConfigurationError.Entry("X", ConfigurationError.ErrorType.TYPE_MISMATCH, "1", "m", Map.of()))),
            Set.of("ConfigurationName", "ErrorType", "UsedConfiguration", "Message")),
        Map.entry(new DroppedEventsStatistics(H, List.of(new DroppedEventsStatistics.Queue(DroppedEventsStatistics.QueueName.HIGH, 5, 1, Map.of()))),
            Set.of("Queue", "CollectedEvents", "DroppedEvents")),
        Map.entry(new MessageStatistics(H, List.of(new MessageStatistics.Stats(3, 2, 1, Map.of()))), Set.of("MessagesSent", "MessagesUnder4KB", "TotalFailed")),
        Map.entry(new Sbom(H, List.of(new Sbom.Package("openssl", "3.0.11", "amd64", "dpkg", Map.of()))), Set.of("Name", "Version", "Architecture", "Manager")),
        Map.entry(new KernelModule(H, List.of(new KernelModule.Change(KernelModule.Operation.LOAD, "diamorphine", 4096L, Map.of()))),
            Set.of("Operation", "Name", "SizeBytes")),
        Map.entry(new Peripheral(H, List.of(new Peripheral.Change(Peripheral.Operation.CONNECTED, Peripheral.DeviceClass.USB, "1-1",
            "0781", "5567", "SN1", Map.of()))), Set.of("Operation", "DeviceClass", "Name", "VendorId", "ProductId", "Serial")),
        Map.entry(new Heartbeat(H, List.of(new Heartbeat.Beat(60, Map.of()))), Set.of("UptimeSeconds")),
        Map.entry(new HubOperation(H, List.of(new HubOperation.Operation("AuthFailure", "InvalidSignature", "MQTT", "203.0.113.9", Map.of()))),
            Set.of("Operation", "Result", "Protocol", "SourceIp")),
        Map.entry(new AgentStatistics(H, List.of(new AgentStatistics.Collector("sbom", AgentStatistics.Status.OK, 3, 3, 0, null, Map.of()))),
            Set.of("Name", "Status", "Collected", "Sent", "Dropped")));
    EnumSet<EventKind> covered = EnumSet.of(EventKind.PROCESS_CREATE, EventKind.CONNECTION_CREATE, EventKind.FILE_INTEGRITY);
    cases.forEach((event, fields) -> {
      var item = only(event);
      String category = event.kind() == EventKind.DIAGNOSTIC_EVENT ? "diagnostic" : event.kind().name().toLowerCase(Locale.ROOT);
      assertThat(item.logsources()).as(event.kind().name()).contains(Logsource.of("vigil", category));
      assertThat(item.fields().keySet()).as(event.kind().name()).containsAll(fields);
      covered.add(event.kind());
    });
    assertThat(covered).as("every kind has a case here").isEqualTo(EnumSet.allOf(EventKind.class));
    var login = only(new Login(H, List.of(new Login.Attempt(3, null, "root", "sshd", "/usr/sbin/sshd", null, null, null, Login.Result.SUCCESS, Map.of()))));
    assertThat(login.fields()).containsEntry("Result", "Success").doesNotContainKeys("RemoteAddress", "UserId");
  }
}
