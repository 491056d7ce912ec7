package io.vigil.server.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.detect.recommend.Recommender;
import io.vigil.hub.settings.DataCollection;
import io.vigil.model.AuthType;
import io.vigil.model.Device;
import io.vigil.model.event.EventHeader;
import io.vigil.model.event.ProcessCreate;
import io.vigil.model.event.SecurityEvent;
import io.vigil.model.event.SecurityMessage;
import io.vigil.store.DuckDbWorkspace;
import io.vigil.wire.SecurityMessageCodec;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IoT_AgentSendsUnutilizedMessages through the real pipeline and workspace: accepted messages, hourly windows of their receive time. */
class MessageUsagePipelineTest {
  private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");
  private static final Device GW = new Device("gw-1", "default", Map.of(), AuthType.SAS, true, T);
  @TempDir Path dir;

  /** {@code count} messages of {@code events} process starts each, received evenly over the hour from {@code start}. */
  private static void send(Pipeline pipeline, Instant start, int count, int events) throws Exception {
    List<CompletableFuture<Void>> stored = new ArrayList<>();
    for (int m = 0; m < count; m++) {
      Instant received = start.plusMillis(m * (3_600_000L / count));
      List<SecurityEvent> items = new ArrayList<>(); // one event per process start, as an agent without aggregation sends them
      for (int e = 0; e < events; e++) {
        items.add(new ProcessCreate(EventHeader.at(received, ZoneOffset.UTC),
            List.of(new ProcessCreate.Process("/bin/true", 100 + e, 1, "0", "root", "true", Map.of()))));
      }
      stored.add(pipeline.accept(GW, SecurityMessage.of("0.1.0", "072f3eca-3db0-45ba-8174-fa383bc93caf", items), received, "MQTT"));
    }
    CompletableFuture.allOf(stored.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
  }

  @Test
  void anHourOfOneEventMessagesIsARecommendationThatAnHourOfFullerOnesResolves() throws Exception {
    try (var ws = DuckDbWorkspace.open(dir.resolve("w.duckdb"));
        var pipeline = new Pipeline(ws, new SecurityMessageCodec(), List::of, new Recommender(ws::activeRecommendations), 1, 1000,
            a -> { }, Clock.systemUTC(), id -> "default", DataCollection.defaults())) {
      send(pipeline, T, 400, 1);
      send(pipeline, T.plus(Duration.ofHours(1)), 400, 3);
      send(pipeline, T.plus(Duration.ofHours(2)), 1, 1);
      pipeline.close();
      assertThat(ws.query("SELECT RecommendationName, RecommendationState, AdditionalData->>'Messages', AdditionalData->>'EventsPerMessage',"
          + " DiscoveredTimeUTC, ResolvedTimeUTC FROM SecurityRecommendation WHERE DeviceId = 'gw-1'", 10).rows())
          .containsExactly(List.of("IoT_AgentSendsUnutilizedMessages", "Resolved", "400", "1.00", "2026-11-22T11:00:00Z",
              "2026-11-22T12:00:00Z"));
    }
  }
}
