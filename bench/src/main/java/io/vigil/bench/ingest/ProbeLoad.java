package io.vigil.bench.ingest;

import io.vigil.hub.registry.RegisteredDevice;
import io.vigil.model.event.SecurityEvent;
import io.vigil.model.event.SecurityMessage;
import io.vigil.server.VigilServer;
import io.vigil.wire.SecurityMessageCodec;
import io.vigil.wire.auth.DeviceTopics;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * The load of the latency harnesses ({@link AlertLatency}, {@link RecommendationLatency}): background
 * devices that keep the pipeline busy with ordinary 10-event process messages, one a second each, and
 * probe devices ({@code probe-N}) that each send one message with one probe event, as soon as they are
 * connected.
 */
final class ProbeLoad {
  private ProbeLoad() {}

  /**
   * Registers the devices on {@code server}, runs the load for {@code seconds}, then for up to 10 s
   * more until {@code done} holds, and returns the background events per second.
   *
   * @param sentAt filled with each probe device's id and the System.nanoTime its message was handed to its connection
   * @param probeEvent the probe event, from the time it is sent
   */
  static double run(VigilServer server, int mqtt, int background, int probes, int seconds, Map<String, Long> sentAt,
      Function<Instant, SecurityEvent> probeEvent, BooleanSupplier done) throws Exception {
    List<RegisteredDevice> bg = new ArrayList<>();
    for (int i = 0; i < background; i++) {
      bg.add(server.registry().create("bg-" + i, null));
    }
    List<RegisteredDevice> probe = new ArrayList<>();
    for (int i = 0; i < probes; i++) {
      probe.add(server.registry().create("probe-" + i, null));
    }
    IngestThroughput.Template ordinary = new IngestThroughput.Template();
    long[] counter = {0};
    SecurityMessageCodec codec = new SecurityMessageCodec();
    MqttLoad.Source bgSource = new MqttLoad.Source() {
      @Override
      public String topic(int device) {
        return DeviceTopics.securityTelemetry(bg.get(device).deviceId());
      }

      @Override
      public byte[] body(int device) {
        return ordinary.next(counter[0]++);
      }
    };
    MqttLoad.Source probeSource = new MqttLoad.Source() {
      @Override
      public String topic(int device) {
        return DeviceTopics.securityTelemetry(probe.get(device).deviceId());
      }

      @Override
      public byte[] body(int device) {
        byte[] body = codec.encode(SecurityMessage.of("1.0.0", "a0e4c1d2-5f6b-4c7d-8e9f-0a1b2c3d4e5f", List.of(probeEvent.apply(Instant.now()))));
        sentAt.put(probe.get(device).deviceId(), System.nanoTime());
        return body;
      }
    };
    try (MqttLoad load = new MqttLoad(new InetSocketAddress("127.0.0.1", mqtt), background, i -> connect(bg.get(i)), bgSource, 1,
            1_000_000_000L);
        MqttLoad probing = new MqttLoad(new InetSocketAddress("127.0.0.1", mqtt), probes, i -> connect(probe.get(i)), probeSource, 1,
            seconds * 1_000_000_000L)) {
      long end = System.nanoTime() + seconds * 1_000_000_000L;
      while (System.nanoTime() < end) {
        load.runUntil(System.nanoTime() + 10_000_000L);
        probing.runUntil(System.nanoTime() + 10_000_000L);
      }
      for (long grace = System.nanoTime() + 10_000_000_000L; !done.getAsBoolean() && System.nanoTime() < grace; ) {
        load.runUntil(System.nanoTime() + 10_000_000L);
        probing.runUntil(System.nanoTime() + 10_000_000L);
      }
      return load.acked * 10.0 / seconds;
    }
  }

  private static byte[] connect(RegisteredDevice d) {
    return MqttLoad.deviceConnect("localhost", d.deviceId(), d.primaryKey());
  }
}
