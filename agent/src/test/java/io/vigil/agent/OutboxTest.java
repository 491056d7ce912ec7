package io.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.agent.collect.Collector;
import io.vigil.agent.spool.DiskSpool;
import io.vigil.agent.spool.Priority;
import io.vigil.agent.spool.SpoolSettings;
import io.vigil.agent.transport.MqttTransport;
import io.vigil.agent.transport.MqttVersion;
import io.vigil.hub.broker.BrokerConfig;
import io.vigil.hub.broker.MqttBroker;
import io.vigil.hub.registry.DeviceRegistry;
import io.vigil.hub.registry.RegisteredDevice;
import io.vigil.model.Device;
import io.vigil.model.event.DroppedEventsStatistics;
import io.vigil.model.event.EventHeader;
import io.vigil.model.event.MessageStatistics;
import io.vigil.model.event.Sbom;
import io.vigil.model.event.SecurityEvent;
import io.vigil.model.event.SecurityMessage;
import io.vigil.wire.SecurityMessageCodec;
import io.vigil.wire.auth.ConnectionString;
import io.vigil.wire.auth.DeviceTopics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/** The outbox sending through the real transport to the real hub broker on loopback. */
class OutboxTest {
  private static final String AGENT = "072f3eca-3db0-45ba-8174-fa383bc93caf";
  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
  @TempDir static Path brokerDir;
  static MqttBroker broker;
  static RegisteredDevice device;
  static int port;
  static final List<SecurityMessage> stored = new CopyOnWriteArrayList<>();
  @TempDir Path spoolDir;
  private final SecurityMessageCodec codec = new SecurityMessageCodec();
  private final ScheduledCollector sbom = new ScheduledCollector(new Collector() {
    @Override
    public String name() {
      return "sbom";
    }

    @Override
    public List<SecurityEvent> collect() {
      return List.of();
    }
  }, Duration.ofHours(24));

  @BeforeAll
  static void start() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    DeviceRegistry registry = DeviceRegistry.open(brokerDir.resolve("devices.json"), Clock.systemUTC(), new SecureRandom());
    device = registry.create("outbox-1", null);
    broker = MqttBroker.start(new BrokerConfig(brokerDir.resolve("broker"), "localhost", port, 256 * 1024, null), registry,
        (Device d, SecurityMessage m, Instant at) -> {
          stored.add(m);
          return CompletableFuture.completedFuture(null);
        },
        (d, op, at) -> { }, Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  private Outbox outbox(DiskSpool spool) {
    AgentSettings settings = AgentSettings.defaults(Path.of("/"));
    MessagePacker packer = new MessagePacker(codec, "1", AGENT, settings.maxMessageBytes());
    return new Outbox(spool, settings, packer, codec, "1", AGENT, name -> sbom,
        new AgentLog(new PrintStream(new ByteArrayOutputStream()), Clock.systemUTC()), NOW);
  }

  private static MqttTransport transport(MqttVersion version) {
    return new MqttTransport(new ConnectionString("localhost", "outbox-1", device.primaryKey(), port, false),
        Clock.systemUTC(), DeviceTopics.securityTelemetry("outbox-1"), null, null, null, version);
  }

  @ParameterizedTest
  @EnumSource(MqttVersion.class)
  void aMessageGoesGzipWhenSmallerAndBytesSentCountsWhatWent(MqttVersion version) throws Exception {
    Sbom packages = new Sbom(EventHeader.at(NOW, ZoneOffset.UTC),
        IntStream.range(0, 300).mapToObj(i -> new Sbom.Package("libexample" + i, "1.2." + i + "-1", "amd64", "dpkg", Map.of())).toList());
    stored.clear();
    try (DiskSpool spool = DiskSpool.open(spoolDir, SpoolSettings.defaults()); MqttTransport t = transport(version)) {
      Outbox outbox = outbox(spool);
      outbox.add(new Pending(sbom, packages), NOW);
      assertThat(spool.stats().of(Priority.LOW).pendingRecords()).isEqualTo(1);
      t.connect();
      outbox.sendAll(t);

      assertThat(stored).singleElement().satisfies(m -> assertThat(m.events()).containsExactly(packages));
      byte[] json = codec.encode(stored.getFirst());
      MessageStatistics.Stats sent = outbox.messageStatistics();
      long bytesSent = Long.parseLong(sent.extraDetails().get("BytesSent"));
      assertThat(bytesSent).isEqualTo(MessagePacker.body(json).length).isLessThan(json.length / 4);
      assertThat(sent.messagesSent()).isEqualTo(1);
      assertThat(sent.messagesUnder4Kb()).isEqualTo(bytesSent < 4096 ? 1 : 0);
      assertThat(json.length).isGreaterThan(4096); // so that the line above tells gzip from plain
      assertThat(spool.stats().of(Priority.LOW).pendingRecords()).isZero();
    }
  }

  @Test
  void aLowEventMeetingASpoolFullOfHighOnesIsDroppedItselfAndCountedInDroppedEventsStatistics() throws Exception {
    ScheduledCollector process = new ScheduledCollector(new Collector() {
      @Override
      public String name() {
        return "process"; // High priority
      }

      @Override
      public List<SecurityEvent> collect() {
        return List.of();
      }
    }, Duration.ofSeconds(1));
    AgentSettings settings = AgentSettings.defaults(Path.of("/"));
    MessagePacker packer = new MessagePacker(codec, "1", AGENT, settings.maxMessageBytes());
    try (DiskSpool spool = DiskSpool.open(spoolDir, new SpoolSettings(2048, 4096))) {
      Outbox outbox = new Outbox(spool, settings, packer, codec, "1", AGENT, name -> name.equals("process") ? process : sbom,
          new AgentLog(new PrintStream(new ByteArrayOutputStream()), Clock.systemUTC()), NOW);
      for (int i = 0; spool.stats().of(Priority.HIGH).dropped() == 0; i++) {
        outbox.add(new Pending(process, packages(i, 3)), NOW);
      }
      long highDropped = spool.stats().of(Priority.HIGH).dropped();
      long highPending = spool.stats().of(Priority.HIGH).pendingRecords();

      outbox.add(new Pending(sbom, packages(1000, 3)), NOW);

      assertThat(spool.stats().of(Priority.HIGH).pendingRecords()).isEqualTo(highPending);
      assertThat(outbox.queues()).containsExactly(
          new DroppedEventsStatistics.Queue(DroppedEventsStatistics.QueueName.HIGH, highPending + highDropped, highDropped, Map.of()),
          new DroppedEventsStatistics.Queue(DroppedEventsStatistics.QueueName.LOW, 0, 1, Map.of("MediumDropped", "0")));
      assertThat(sbom.droppedCount()).isEqualTo(3);
    }
  }

  private static Sbom packages(int from, int count) {
    return new Sbom(EventHeader.at(NOW, ZoneOffset.UTC), IntStream.range(from, from + count)
        .mapToObj(i -> new Sbom.Package("libexample" + i, "1.2." + i + "-1", "amd64", "dpkg", Map.of())).toList());
  }
}
