package io.vigil.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.Alert;
import io.vigil.model.Severity;
import io.vigil.model.event.DeviceEvent;
import io.vigil.model.event.EventHeader;
import io.vigil.model.event.Heartbeat;
import io.vigil.model.event.ProcessCreate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CryptoMinerDetectionTest {
  private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");
  private final CryptoMinerDetection detection = new CryptoMinerDetection();

  private static DeviceEvent processes(ProcessCreate.Process... ps) {
    return new DeviceEvent("gw-1", "default", "", "", T.plusSeconds(1),
        new ProcessCreate(EventHeader.at(T, ZoneOffset.UTC), List.of(ps)));
  }

  private static ProcessCreate.Process proc(String exe, String cmd) {
    return new ProcessCreate.Process(exe, 42, 1, "0", "root", cmd, Map.of());
  }

  private List<Alert> run(DeviceEvent e) {
    List<Alert> out = new ArrayList<>();
    detection.evaluate(e, out::add);
    return out;
  }

  @Test
  void minerExecutableRaisesAnAlert() {
    List<Alert> alerts = run(processes(proc("/tmp/.x/XMRig", "/tmp/.x/XMRig --donate-level 1")));
    assertThat(alerts).singleElement().satisfies(a -> {
      assertThat(a.alertName()).isEqualTo("IoT_CryptoMiner");
      assertThat(a.severity()).isEqualTo(Severity.HIGH);
      assertThat(a.deviceId()).isEqualTo("gw-1");
      assertThat(a.entities()).containsEntry("Process", "/tmp/.x/XMRig").containsEntry("ProcessId", "42")
          .containsEntry("Device", "gw-1").containsEntry("CommandLine", "/tmp/.x/XMRig --donate-level 1").containsKey("User");
      assertThat(a.status()).as("a new alert").isEqualTo(io.vigil.model.AlertStatus.NEW);
      assertThat(a.firstSeen()).isEqualTo(T);
      assertThat(a.timeGenerated()).isEqualTo(T.plusSeconds(1));
      assertThat(a.techniques()).containsExactly("T1496");
      assertThat(a.description()).contains("executable name contains 'xmrig'");
    });
  }

  @Test
  void poolUrlOrMinerNameInCommandLineRaisesAnAlert() {
    assertThat(run(processes(proc("/usr/bin/python3", "python3 run.py -o STRATUM+TCP://pool.example:3333")))).hasSize(1);
    assertThat(run(processes(proc("/bin/sh", "sh -c ./cpuminer-multi -a sha256d")))).hasSize(1);
    assertThat(run(processes(proc("/opt/m/minerd", "minerd")))).hasSize(1);
  }

  @Test
  void ordinaryProcessesAndOtherEventsRaiseNothing() {
    assertThat(run(processes(proc("/usr/sbin/sshd", "sshd -D"), proc("/bin/sleep", "sleep 5")))).isEmpty();
    // '+' is literal: 'stratumXtcp://' must not match 'stratum+tcp://'.
    assertThat(run(processes(proc("/usr/bin/curl", "curl stratumXtcp://host")))).isEmpty();
    var beat = new DeviceEvent("gw-1", "default", "", "", T,
        new Heartbeat(EventHeader.at(T, ZoneOffset.UTC), List.of(new Heartbeat.Beat(5, Map.of()))));
    assertThat(run(beat)).isEmpty();
  }

  @Test
  void alertIdIsStablePerOccurrence() {
    DeviceEvent e = processes(proc("/tmp/xmrig", "xmrig"), proc("/tmp/xmrig", "xmrig"));
    List<Alert> first = run(e);
    List<Alert> again = run(e);
    assertThat(first).hasSize(2);
    assertThat(first.get(0).systemAlertId()).isEqualTo(again.get(0).systemAlertId()).isNotEqualTo(first.get(1).systemAlertId());
  }
}
