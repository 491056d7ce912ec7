package io.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.hub.registry.RegisteredDevice;
import io.vigil.model.Alert;
import io.vigil.model.event.ConnectionCreate;
import io.vigil.model.event.Direction;
import io.vigil.model.event.EventHeader;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server matches device connections against the bundled and the configured threat-intelligence feeds. */
class ThreatIntelServerTest {
  @TempDir Path dir;

  private static ConnectionCreate.Connection to(String remote) {
    return new ConnectionCreate.Connection(remote, "443", "10.0.0.5", "51000", Direction.OUT, "TCP", 42, "0", "/usr/bin/curl",
        "curl https://" + remote, Map.of());
  }

  @Test
  void connectionsToListedAddressesRaiseTiAlertsNamingTheFeed() throws Exception {
    Path feed = Files.writeString(dir.resolve("ops.csv"), """
        # our own list
        type,value,source,confidence,expires,tags
        ip,203.0.113.0/24,ops-team,90,,c2
        ip,not-an-ip,ops-team,90,,
        """);
    int mqtt;
    try (ServerSocket s = new ServerSocket(0)) {
      mqtt = s.getLocalPort();
    }
    ServerConfig base = ServerConfig.loopback(dir.resolve("data"), "localhost", 0, mqtt);
    ServerConfig config = new ServerConfig(base.dataDir(), base.hostName(), base.httpPort(), base.mqttPort(), base.maxMessageBytes(),
        base.mqttTlsPort(), base.tlsBindAddress(), List.of(feed));
    List<Alert> alerts = new CopyOnWriteArrayList<>();
    try (VigilServer server = VigilServer.start(config, Clock.systemUTC(), alerts::add)) {
      RegisteredDevice gw = server.registry().create("gw-ti", null);
      TestDevice.publish(mqtt, gw, List.of(
          new ConnectionCreate(EventHeader.at(Instant.now(), ZoneOffset.UTC), List.of(to("203.0.113.7"), to("192.0.2.10"), to("198.51.100.1")))));
      long deadline = System.currentTimeMillis() + 10_000;
      while (alerts.size() < 2 && System.currentTimeMillis() < deadline) {
        Thread.sleep(50);
      }
    }
    assertThat(alerts).extracting(Alert::alertName).containsOnly("IoT_TiConnection").hasSize(2);
    assertThat(alerts).extracting(a -> a.extendedProperties().get("IndicatorSource"))
        .containsExactlyInAnyOrder("ops-team", "vigil-default: test indicators");
  }

  @Test
  void anUnreadableFeedStopsTheStartNamingIt() {
    Path missing = dir.resolve("nope.csv");
    ServerConfig base = ServerConfig.loopback(dir.resolve("data2"), "localhost", 0, 1883);
    ServerConfig config = new ServerConfig(base.dataDir(), base.hostName(), 0, 1883, base.maxMessageBytes(), 0, "127.0.0.1", List.of(missing));
    assertThatThrownBy(() -> VigilServer.start(config, Clock.systemUTC(), a -> { }))
        .hasMessageStartingWith("threat intel feed " + missing + " cannot be read: ");
  }
}
