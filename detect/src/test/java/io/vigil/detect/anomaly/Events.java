package io.vigil.detect.anomaly;

import io.vigil.model.event.ConnectionCreate;
import io.vigil.model.event.DeviceEvent;
import io.vigil.model.event.Direction;
import io.vigil.model.event.EventHeader;
import io.vigil.model.event.Heartbeat;
import io.vigil.model.event.ListeningPorts;
import io.vigil.model.event.Login;
import io.vigil.model.event.ProcessCreate;
import io.vigil.model.event.SecurityEvent;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Real events for the anomaly tests; each is received by the hub at its own event time. */
final class Events {
  private Events() {}

  static DeviceEvent of(String device, String group, Instant at, SecurityEvent e) {
    return new DeviceEvent(device, group, "agent-1", "1.0", at, e);
  }

  static DeviceEvent process(String device, String group, Instant at, String executable) {
    return of(device, group, at, new ProcessCreate(EventHeader.at(at, ZoneOffset.UTC),
        List.of(new ProcessCreate.Process(executable, 4242, 1, "0", "root", executable + " --run", Map.of()))));
  }

  static DeviceEvent connections(String device, String group, Instant at, int n, String address, String port) {
    List<ConnectionCreate.Connection> items = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      items.add(new ConnectionCreate.Connection(address, port, "10.0.0.2", Integer.toString(40000 + i), Direction.OUT, "TCP", 77,
          "0", "/usr/bin/telemetryd", "/usr/bin/telemetryd", Map.of()));
    }
    return of(device, group, at, new ConnectionCreate(EventHeader.at(at, ZoneOffset.UTC), items));
  }

  static DeviceEvent inbound(String device, String group, Instant at, String address) {
    return of(device, group, at, new ConnectionCreate(EventHeader.at(at, ZoneOffset.UTC), List.of(
        new ConnectionCreate.Connection(address, "51234", "10.0.0.2", "22", Direction.IN, "TCP", 5, "0", "/usr/sbin/sshd", null,
            Map.of()))));
  }

  static DeviceEvent listening(String device, String group, Instant at, String... ports) {
    List<ListeningPorts.Port> items = new ArrayList<>();
    for (String p : ports) {
      items.add(new ListeningPorts.Port(null, null, "0.0.0.0", p, "tcp", Map.of()));
    }
    return of(device, group, at, new ListeningPorts(EventHeader.at(at, ZoneOffset.UTC), items));
  }

  static DeviceEvent login(String device, String group, Instant at, String user, Login.Result result) {
    return of(device, group, at, new Login(EventHeader.at(at, ZoneOffset.UTC), List.of(new Login.Attempt(900, null, user,
        "PAM:authentication", "/usr/sbin/sshd", "192.0.2.7", "50000", "22", result, Map.of()))));
  }

  /** A heartbeat received at {@code end} reporting {@code bytes} sent over the {@code minutes} before it. */
  static DeviceEvent heartbeat(String device, String group, Instant end, long minutes, long bytes) {
    Heartbeat.Transmitted sent = new Heartbeat.Transmitted(bytes, end.minusSeconds(minutes * 60), end);
    return of(device, group, end, new Heartbeat(EventHeader.at(end, ZoneOffset.UTC),
        List.of(new Heartbeat.Beat(3600, Map.of(), sent))));
  }
}
