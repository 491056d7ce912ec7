package io.vigil.server.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.detect.Detections;
import io.vigil.model.Alert;
import io.vigil.model.AuthType;
import io.vigil.model.Device;
import io.vigil.model.event.EventHeader;
import io.vigil.model.event.Heartbeat;
import io.vigil.model.event.OSBaseline;
import io.vigil.model.event.ProcessCreate;
import io.vigil.model.event.SecurityMessage;
import io.vigil.store.DuckDbWorkspace;
import io.vigil.wire.SecurityMessageCodec;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineTest {
  @TempDir Path dir;
  private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");
  private static final Device GW = new Device("gw-1", "plant-a", Map.of(), AuthType.SAS, true, T);

  private static SecurityMessage message() {
    EventHeader h = EventHeader.at(T, ZoneOffset.ofHours(2));
    return SecurityMessage.of("0.1.0", "072f3eca-3db0-45ba-8174-fa383bc93caf", List.of(
        new Heartbeat(h, List.of(new Heartbeat.Beat(5, Map.of()))),
        new OSBaseline(EventHeader.at(T, ZoneOffset.UTC), List.of()),
        new ProcessCreate(EventHeader.at(T, ZoneOffset.UTC), List.of(
            new ProcessCreate.Process("/usr/bin/ls", 10, 1, "0", "root", "ls -l", Map.of()),
            new ProcessCreate.Process("/tmp/xmrig", 11, 1, "1000", null, "/tmp/xmrig -o stratum+tcp://p:1", Map.of("CurrentDirectory", "/tmp"))))));
  }

  @Test
  void storesEveryPayloadItemThenRaisesAndStoresAlerts() throws Exception {
    List<Alert> told = new CopyOnWriteArrayList<>();
    try (var ws = DuckDbWorkspace.open(dir.resolve("w.duckdb"));
        var pipeline = new Pipeline(ws, new SecurityMessageCodec(), Detections.builtIn(), 10, told::add)) {
      pipeline.accept(GW, message(), T.plusSeconds(1)).get(10, TimeUnit.SECONDS);
      pipeline.close();
      var rows = ws.query("SELECT RawEventName, PayloadIndex, IsEmpty, SecurityGroup, EventDetails->>'Executable' "
          + "FROM SecurityIoTRawEvent ORDER BY RawEventName, PayloadIndex", 100).rows();
      assertThat(rows).containsExactly(
          java.util.Arrays.asList("Heartbeat", 0L, false, "plant-a", null),
          java.util.Arrays.asList("OSBaseline", 0L, true, "plant-a", null),
          java.util.Arrays.asList("ProcessCreate", 0L, false, "plant-a", "/usr/bin/ls"),
          java.util.Arrays.asList("ProcessCreate", 1L, false, "plant-a", "/tmp/xmrig"));
      assertThat(told).singleElement().satisfies(a -> assertThat(a.entities()).containsEntry("ProcessId", "11"));
      assertThat(ws.query("SELECT AlertName, DeviceId FROM SecurityAlert", 10).rows())
          .containsExactly(List.of("IoT_CryptoMiner", "gw-1"));
    }
  }

  /**
   * A payload item is stored as the device sent it (spacing and escapes kept), not encoded again;
   * a message whose text is not known (made in the server) is encoded.
   */
  @Test
  void storesEachPayloadItemAsTheDeviceSentIt() throws Exception {
    SecurityMessageCodec codec = new SecurityMessageCodec();
    String json = new String(codec.encode(message()), java.nio.charset.StandardCharsets.UTF_8)
        .replace("\"CommandLine\":\"ls -l\"", "\"CommandLine\" :  \"ls \\u002dl\"");
    SecurityMessageCodec.Decoded sent = codec.decodeKeepingText(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    try (var ws = DuckDbWorkspace.open(dir.resolve("w.duckdb"));
        var pipeline = new Pipeline(ws, codec, Detections.builtIn(), 10, a -> {})) {
      pipeline.accept(GW, sent.message(), sent.items(), T.plusSeconds(1), "MQTT").get(10, TimeUnit.SECONDS);
      pipeline.close();
      var rows = ws.query("SELECT EventDetails, EventDetails->>'CommandLine' FROM SecurityIoTRawEvent"
          + " WHERE RawEventName = 'ProcessCreate' AND PayloadIndex = 0", 10).rows();
      assertThat(rows).singleElement().satisfies(r -> {
        assertThat((String) r.get(0)).contains("\"CommandLine\" :  \"ls \\u002dl\"");
        assertThat(r.get(1)).isEqualTo("ls -l");
      });
    }
  }

  @Test
  void aRetriedMessageIsStoredAndAlertedOnce() throws Exception {
    List<Alert> told = new CopyOnWriteArrayList<>();
    SecurityMessage m = message();
    try (var ws = DuckDbWorkspace.open(dir.resolve("w.duckdb"));
        var pipeline = new Pipeline(ws, new SecurityMessageCodec(), Detections.builtIn(), 10, told::add)) {
      pipeline.accept(GW, m, T).get(10, TimeUnit.SECONDS);
      pipeline.accept(GW, m, T.plusSeconds(30)).get(10, TimeUnit.SECONDS);
      pipeline.close();
      assertThat(ws.query("SELECT count(*) FROM SecurityIoTRawEvent", 1).rows().get(0)).containsExactly(4L);
      assertThat(ws.query("SELECT count(*) FROM SecurityAlert", 1).rows().get(0)).containsExactly(1L);
      assertThat(told).hasSize(1);
    }
  }

  @Test
  void anEventTwiceInOneBatchIsStoredAndEvaluatedOnce() throws Exception {
    List<Alert> told = new CopyOnWriteArrayList<>();
    SecurityMessage once = message();
    List<io.vigil.model.event.SecurityEvent> twice = new java.util.ArrayList<>(once.events());
    twice.addAll(once.events()); // in one message, so in one batch
    try (var ws = DuckDbWorkspace.open(dir.resolve("w.duckdb"));
        var pipeline = new Pipeline(ws, new SecurityMessageCodec(), Detections.builtIn(), 10, told::add)) {
      pipeline.accept(GW, SecurityMessage.of(once.agentVersion(), once.agentId(), twice), T).get(10, TimeUnit.SECONDS);
      pipeline.close();
      assertThat(ws.query("SELECT count(*) FROM SecurityIoTRawEvent", 1).rows().get(0)).containsExactly(4L);
      assertThat(ws.query("SELECT Count FROM SecurityAlert", 2).rows()).containsExactly(List.of(1L));
      assertThat(told).hasSize(1);
    }
  }

  @Test
  void identicalMinerEventsInTheWindowGiveOneAlertCountingThem() throws Exception {
    List<Alert> told = new CopyOnWriteArrayList<>();
    int n = 25;
    try (var ws = DuckDbWorkspace.open(dir.resolve("w.duckdb"));
        var pipeline = new Pipeline(ws, new SecurityMessageCodec(), Detections.builtIn(), 100, told::add)) {
      for (int i = 0; i < n; i++) {
        Instant at = T.plusSeconds(60L * i); // one every minute: 24 minutes, within the hour
        pipeline.accept(GW, SecurityMessage.of("0.1.0", "072f3eca-3db0-45ba-8174-fa383bc93caf", List.of(
            new ProcessCreate(EventHeader.at(at, ZoneOffset.UTC), List.of(
                new ProcessCreate.Process("/tmp/xmrig", 100 + i, 1, "1000", "pi", "/tmp/xmrig -o stratum+tcp://p:" + i, Map.of()))))),
            at).get(10, TimeUnit.SECONDS);
      }
      pipeline.close();
      assertThat(ws.query("SELECT AlertName, Count, FirstSeen, LastSeen, Status, len(string_split(ExtendedProperties->>'EvidenceEventIds', ','))"
          + " FROM SecurityAlert", 10).rows())
          .containsExactly(List.of("IoT_CryptoMiner", (long) n, T.toString(), T.plusSeconds(60L * (n - 1)).toString(), "New", 10L));
      assertThat(told).as("told of the new alert only").hasSize(1);
    }
  }

  @Test
  void hubOperationsAreStored() throws Exception {
    try (var ws = DuckDbWorkspace.open(dir.resolve("w.duckdb"));
        var pipeline = new Pipeline(ws, new SecurityMessageCodec(), List.of(), 10, a -> {})) {
      pipeline.record("gw-9", new io.vigil.model.event.HubOperation.Operation("AuthFailure", "InvalidSasSignature", "MQTT", "127.0.0.1",
          Map.of("Reason", "SAS token signature does not match the device's keys")), T);
      pipeline.close();
      assertThat(ws.query("SELECT DeviceId, Operation, Result, Protocol, SourceIp, Details->>'Reason' FROM HubOperation", 10).rows())
          .containsExactly(List.of("gw-9", "AuthFailure", "InvalidSasSignature", "MQTT", "127.0.0.1",
              "SAS token signature does not match the device's keys"));
    }
  }

  @Test
  void aFullQueueRefusesInsteadOfGrowing() throws Exception {
    try (var ws = DuckDbWorkspace.open(dir.resolve("w.duckdb"));
        var pipeline = new Pipeline(ws, new SecurityMessageCodec(), List.of(), 1, a -> {})) {
      List<CompletableFuture<Void>> futures = new java.util.ArrayList<>();
      for (int i = 0; i < 200; i++) {
        futures.add(pipeline.accept(GW, message(), T));
      }
      long refused = futures.stream().filter(CompletableFuture::isCompletedExceptionally).count();
      assertThat(refused).isPositive();
      futures.stream().filter(CompletableFuture::isCompletedExceptionally).findFirst().orElseThrow()
          .handle((v, e) -> assertThat(e).hasMessageContaining("server busy: ingest queue is full"))
          .get();
    }
  }

  @Test
  void hubOperationsReachTheDetectionsOfTheirDeviceWithItsGroup() throws Exception {
    List<io.vigil.model.event.DeviceEvent> seen = new CopyOnWriteArrayList<>();
    io.vigil.detect.Detection spy = (event, alerts) -> seen.add(event);
    var op = new io.vigil.model.event.HubOperation.Operation("AuthFailure", "ExpiredSasToken", "MQTT", "127.0.0.1", Map.of());
    try (var ws = DuckDbWorkspace.open(dir.resolve("w.duckdb"));
        var pipeline = new Pipeline(ws, new SecurityMessageCodec(), () -> List.of(spy), io.vigil.detect.recommend.Recommender.inMemory(), 2, 10, a -> {}, java.time.Clock.systemUTC(),
            id -> "plant-a", io.vigil.hub.settings.DataCollection.defaults())) {
      pipeline.record("gw-9", op, T);
      pipeline.record("no/such id", op, T); // stored, but not a device id the detections could key on
      pipeline.record("", new io.vigil.model.event.HubOperation.Operation("CaAdded", "Success", null, null, Map.of()), T);
      pipeline.close();
      assertThat(seen).filteredOn(e -> e.deviceId().equals(Pipeline.HUB)).singleElement()
          .satisfies(e -> assertThat(e.securityGroup()).isEqualTo("default"));
      assertThat(seen).filteredOn(e -> !e.deviceId().equals(Pipeline.HUB)).singleElement().satisfies(e -> {
        assertThat(e.deviceId()).isEqualTo("gw-9");
        assertThat(e.securityGroup()).isEqualTo("plant-a");
        assertThat(e.agentId()).isEmpty();
        assertThat(e.event()).isInstanceOfSatisfying(io.vigil.model.event.HubOperation.class,
            h -> assertThat(h.payload()).containsExactly(op));
      });
      assertThat(ws.query("SELECT DeviceId FROM HubOperation ORDER BY DeviceId", 10).rows())
          .containsExactly(List.of(""), List.of("gw-9"), List.of("no/such id"));
    }
  }

  @Test
  void eachDeviceStaysOnOneShardAndEveryMessageIsStored() throws Exception {
    Map<String, java.util.Set<String>> threadsByDevice = new java.util.concurrent.ConcurrentHashMap<>();
    java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
    io.vigil.detect.Detection spy = (event, alerts) -> {
      threadsByDevice.computeIfAbsent(event.deviceId(), d -> java.util.concurrent.ConcurrentHashMap.newKeySet())
          .add(Thread.currentThread().getName());
      threads.add(Thread.currentThread().getName());
    };
    try (var ws = DuckDbWorkspace.open(dir.resolve("w.duckdb"));
        var pipeline = new Pipeline(ws, new SecurityMessageCodec(), () -> List.of(spy), io.vigil.detect.recommend.Recommender.inMemory(), 3, 100, a -> {}, java.time.Clock.systemUTC(),
            id -> "default", io.vigil.hub.settings.DataCollection.defaults())) {
      List<CompletableFuture<Void>> acks = new java.util.ArrayList<>();
      for (int round = 0; round < 3; round++) {
        for (int d = 0; d < 30; d++) {
          Device device = new Device("dev-" + d, "default", Map.of(), AuthType.SAS, true, T);
          acks.add(pipeline.accept(device, message(), T));
        }
      }
      for (CompletableFuture<Void> ack : acks) {
        ack.get(10, TimeUnit.SECONDS);
      }
      pipeline.close();
      assertThat(ws.query("SELECT count(*) FROM SecurityIoTRawEvent", 1).rows().get(0)).containsExactly(90L * 4);
      assertThat(threadsByDevice).hasSize(30).allSatisfy((device, names) -> assertThat(names).hasSize(1));
      assertThat(threads).hasSize(3);
    }
  }

  @Test
  void aPipelineNeedsAShard() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Pipeline(null, new SecurityMessageCodec(), List::of, io.vigil.detect.recommend.Recommender.inMemory(), 0, 10, a -> {},
            java.time.Clock.systemUTC(), id -> "default", io.vigil.hub.settings.DataCollection.defaults()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("pipeline shards must be at least 1, was 0");
  }

  @Test
  void aPostureSnapshotOpensARecommendationAndALaterOneResolvesIt() throws Exception {
    try (var ws = DuckDbWorkspace.open(dir.resolve("w.duckdb"));
        var pipeline = new Pipeline(ws, new SecurityMessageCodec(), List::of, new io.vigil.detect.recommend.Recommender(ws::activeRecommendations),
            2, 10, a -> {}, java.time.Clock.systemUTC(), id -> "default", io.vigil.hub.settings.DataCollection.defaults())) {
      var open = new io.vigil.model.event.ListeningPorts(EventHeader.at(T, ZoneOffset.UTC), List.of(
          new io.vigil.model.event.ListeningPorts.Port(null, null, "0.0.0.0", "23", "TCP", Map.of())));
      pipeline.accept(GW, SecurityMessage.of("0.1.0", "072f3eca-3db0-45ba-8174-fa383bc93caf", List.of(open)), T).get(10, TimeUnit.SECONDS);
      var closed = new io.vigil.model.event.ListeningPorts(EventHeader.at(T.plusSeconds(60), ZoneOffset.UTC), List.of());
      pipeline.accept(GW, SecurityMessage.of("0.1.0", "072f3eca-3db0-45ba-8174-fa383bc93caf", List.of(closed)), T.plusSeconds(60))
          .get(10, TimeUnit.SECONDS);
      pipeline.close();
      assertThat(ws.query("SELECT DeviceId, RecommendationName, RecommendationState, Description FROM SecurityRecommendation", 10).rows())
          .containsExactly(List.of("gw-1", "IoT_OpenPorts", "Resolved", "1 port(s) listen on non-loopback addresses: tcp/23 on 0.0.0.0."));
    }
  }
}
