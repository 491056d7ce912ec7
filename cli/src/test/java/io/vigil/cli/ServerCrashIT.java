package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.event.EventHeader;
import io.vigil.model.event.Login;
import io.vigil.model.event.SecurityMessage;
import io.vigil.wire.SecurityMessageCodec;
import io.vigil.wire.auth.ConnectionString;
import io.vigil.wire.auth.DeviceTopics;
import io.vigil.wire.auth.SasToken;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PUBACK means stored: a device publishes numbered security messages at QoS 1 while the server is
 * killed with SIGKILL mid-stream; after a restart on the same data dir, every event whose message
 * was acknowledged is in the workspace, and the device's resends of its last messages (acknowledged
 * or not) are stored once: the window of recent events is rebuilt at start-up.
 */
class ServerCrashIT {
  private static final SecurityMessageCodec CODEC = new SecurityMessageCodec();
  @TempDir Path dir;
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stopAll() throws Exception {
    VigilProcess.stopAll(processes);
  }

  private Process server(Path data, int http, int mqtt, Path log) throws Exception {
    Process p = VigilProcess.start(log, Map.of(), "server", "--data-dir", data.toString(), "--http-port", Integer.toString(http),
        "--mqtt-port", Integer.toString(mqtt), "--https-port", "0", "--mqtt-tls-port", "0");
    processes.add(p);
    VigilProcess.awaitHealthy(http, log);
    return p;
  }

  private static MqttClient connect(ConnectionString cs) throws MqttException {
    MqttClient client = new MqttClient("tcp://127.0.0.1:" + cs.port(), cs.deviceId(), new MemoryPersistence());
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setUserName(cs.hostName() + "/" + cs.deviceId() + "/?api-version=2021-04-12");
    o.setPassword(SasToken.sign(cs.hostName() + "/devices/" + cs.deviceId(), cs.sharedAccessKey(), Instant.now().plusSeconds(600))
        .toString().getBytes(StandardCharsets.UTF_8));
    o.setAutomaticReconnect(false);
    client.connect(o);
    return client;
  }

  private static Login event(int i) {
    return new Login(EventHeader.at(Instant.now(), ZoneOffset.UTC), List.of(new Login.Attempt(
        1000 + i, null, "crash-" + i, "AppLogin", "/opt/app", null, null, null, Login.Result.FAIL, Map.of())));
  }

  @Test
  void everyAcknowledgedEventSurvivesAKill9OfTheServer() throws Exception {
    Path data = dir.resolve("data");
    int http = VigilProcess.freePort();
    int mqtt = VigilProcess.freePort();
    Process first = server(data, http, mqtt, dir.resolve("server-1.log"));
    VigilProcess.Result created = VigilProcess.run("device", "create", "crash-1", "--data-dir", data.toString());
    assertThat(created.exitCode()).as(created.stderr()).isZero();
    ConnectionString cs = ConnectionString.parse(created.stdout().trim());

    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    Set<String> sent = ConcurrentHashMap.newKeySet();
    List<byte[]> bodies = java.util.Collections.synchronizedList(new ArrayList<>());
    List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
    Thread publisher = Thread.ofPlatform().start(() -> {
      try {
        MqttClient client = connect(cs);
        String topic = DeviceTopics.securityTelemetry(cs.deviceId());
        for (int i = 0; i < 100_000; i++) {
          Login e = event(i);
          byte[] body = CODEC.encode(SecurityMessage.of("1.0", "b6a8b5f0-6c3e-4c1e-9d0e-3c0f2b1a9e7d", List.of(e)));
          sent.add(e.header().id());
          bodies.add(body);
          order.add(e.header().id());
          client.publish(topic, new MqttMessage(body, 1, false, new MqttProperties()));
          acknowledged.add(e.header().id()); // publish returned: the PUBACK arrived
        }
      } catch (MqttException e) {
        // the server was killed: what was acknowledged so far is what counts
      }
    });
    long deadline = System.currentTimeMillis() + 60_000;
    while (acknowledged.size() < 300 && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    first.destroyForcibly().waitFor(); // SIGKILL, mid-stream
    publisher.join(30_000);
    assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(300);

    server(data, http, mqtt, dir.resolve("server-2.log"));
    // The device resends what it sent last, acknowledged or not (as after a lost PUBACK): each event is stored once.
    int from = Math.max(0, bodies.size() - 50);
    List<byte[]> last = bodies.subList(from, bodies.size());
    MqttClient again = connect(cs);
    for (byte[] body : last) {
      again.publish(DeviceTopics.securityTelemetry(cs.deviceId()), new MqttMessage(body, 1, false, new MqttProperties()));
    }
    again.disconnect();
    VigilProcess.Result twice = VigilProcess.run("query", "--data-dir", data.toString(), "--format", "csv",
        "SELECT EventId FROM SecurityIoTRawEvent WHERE DeviceId = 'crash-1' GROUP BY EventId HAVING count(*) > 1");
    assertThat(twice.exitCode()).as(twice.stderr()).isZero();
    assertThat(twice.stdout().lines().skip(1).toList()).as("events stored twice").isEmpty();
    VigilProcess.Result stored = VigilProcess.run("query", "--data-dir", data.toString(), "--format", "csv",
        "SELECT EventId FROM SecurityIoTRawEvent WHERE DeviceId = 'crash-1'");
    assertThat(stored.exitCode()).as(stored.stderr()).isZero();
    Set<String> ids = new HashSet<>(stored.stdout().lines().skip(1).map(String::strip).toList());
    assertThat(ids).containsAll(acknowledged);
    assertThat(ids).containsAll(order.subList(from, order.size()));
    System.out.println("server killed after " + acknowledged.size() + " acknowledged messages (" + sent.size()
        + " sent); all acknowledged events stored, " + (ids.size() - acknowledged.size()) + " more stored than acknowledged");
  }
}
