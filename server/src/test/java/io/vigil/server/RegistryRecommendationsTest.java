package io.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.hub.ca.Thumbprint;
import io.vigil.hub.registry.DeviceRegistry;
import io.vigil.store.DuckDbWorkspace;
import io.vigil.store.RawEvent;
import io.vigil.store.ResidentWorkspaces;
import io.vigil.store.Workspace;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryRecommendationsTest {
  @TempDir Path dir;

  @Test
  void theRegistryCheckStoresSharedAndSymmetricCredentialsAndResolvesThemWhenFixed() throws Exception {
    Clock clock = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
    DeviceRegistry registry = DeviceRegistry.open(dir.resolve("devices.json"), clock, new SecureRandom());
    Thumbprint same = Thumbprint.parse("AB".repeat(32));
    registry.createWithThumbprint("cam-1", "default", same, null);
    registry.createWithThumbprint("cam-2", "default", same, null);
    registry.create("gw-1", "default");
    try (DuckDbWorkspace ws = DuckDbWorkspace.open(dir.resolve("w.duckdb"));
        RegistryRecommendations check = new RegistryRecommendations(registry, ws, clock)) {
      check.check();
      assertThat(ws.query("SELECT DeviceId, RecommendationName FROM SecurityRecommendation WHERE RecommendationState = 'Active'"
          + " ORDER BY DeviceId, RecommendationName", 10).rows()).containsExactly(
          List.of("cam-1", "IoT_SharedCredentials"), List.of("cam-2", "IoT_SharedCredentials"),
          List.of("gw-1", "IoT_SymmetricKeyAuthentication"));
      // The stored rows never carry a key or its fingerprint.
      assertThat(ws.query("SELECT AdditionalData::VARCHAR || Description FROM SecurityRecommendation", 10).rows())
          .noneSatisfy(row -> assertThat((String) row.get(0)).contains(registry.find("gw-1").orElseThrow().primaryKey()))
          .noneSatisfy(row -> assertThat((String) row.get(0)).contains(java.util.HexFormat.of().formatHex(
              java.security.MessageDigest.getInstance("SHA-256").digest(
                  registry.find("gw-1").orElseThrow().primaryKey().getBytes(java.nio.charset.StandardCharsets.UTF_8)))));
      registry.delete("cam-2");
      registry.delete("gw-1");
      assertThat(check.check()).hasSize(3);
      assertThat(ws.query("SELECT count(*) FROM SecurityRecommendation WHERE RecommendationState = 'Active'", 1).rows())
          .containsExactly(List.of(0L));
    }
  }

  @Test
  void aDeviceSendingTelemetryButNoSecurityMessagesIsToldToInstallTheAgent() throws Exception {
    Clock clock = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
    DeviceRegistry registry = DeviceRegistry.open(dir.resolve("devices2.json"), clock, new SecureRandom());
    registry.create("meter-1", "default");
    registry.create("quiet-1", "default");
    io.vigil.hub.ingest.TelemetryCounts counts = id -> id.equals("meter-1")
        ? java.util.Map.of("MQTT", new io.vigil.hub.ingest.TelemetryCounts.Count(12, 480)) : java.util.Map.of();
    try (DuckDbWorkspace ws = DuckDbWorkspace.open(dir.resolve("w2.duckdb"));
        RegistryRecommendations check = new RegistryRecommendations(registry, ws, clock, () -> counts, java.util.List::of)) {
      assertThat(check.check()).filteredOn(r -> r.name().equals("IoT_InstallAgent"))
          .extracting(r -> r.deviceId() + " " + r.state().wireName()).containsExactly("meter-1 Active");
      check.sawSecurityMessage("meter-1");
      assertThat(check.check()).filteredOn(r -> r.name().equals("IoT_InstallAgent"))
          .extracting(r -> r.deviceId() + " " + r.state().wireName()).containsExactly("meter-1 Resolved");
    }
  }

  @Test
  void theDefaultIpFilterAndAWideAllowRuleAreRecommendationsOfTheHub() throws Exception {
    Clock clock = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
    DeviceRegistry registry = DeviceRegistry.open(dir.resolve("devices3.json"), clock, new SecureRandom());
    io.vigil.hub.settings.DataCollection settings = io.vigil.hub.settings.DataCollection.defaults();
    try (DuckDbWorkspace ws = DuckDbWorkspace.open(dir.resolve("w3.duckdb"));
        RegistryRecommendations check = new RegistryRecommendations(registry, ws, clock, () -> id -> java.util.Map.of(),
            () -> RegistryRecommendations.filters(settings))) {
      check.check();
      assertThat(ws.query("SELECT DeviceId, RecommendationName, Description FROM SecurityRecommendation", 10).rows())
          .containsExactly(List.of("(hub)", "IoT_IPFilter_DenyAll", "The global IP filter lets through connections that no rule matches."));
    }
  }

  @Test
  void afterARestartADeviceWhoseGroupResidesInAnotherWorkspaceIsStillKnownToHaveAnAgent() throws Exception {
    Instant t = Instant.parse("2026-11-22T10:00:00Z");
    Clock clock = Clock.fixed(t, ZoneOffset.UTC);
    DeviceRegistry registry = DeviceRegistry.open(dir.resolve("devices4.json"), clock, new SecureRandom());
    registry.create("eu-meter", "eu");
    registry.create("meter-1", "default");
    registry.create("bare-1", "eu");
    io.vigil.hub.ingest.TelemetryCounts counts = id -> java.util.Map.of("MQTT", new io.vigil.hub.ingest.TelemetryCounts.Count(12, 480));
    Path data = dir.resolve("data");
    java.util.function.Function<Workspace, ResidentWorkspaces> open = main -> new ResidentWorkspaces(data, main,
        g -> g.equals("eu") ? "eu-west" : ResidentWorkspaces.DEFAULT, id -> registry.find(id).orElseThrow().device().securityGroup());
    try (DuckDbWorkspace main = DuckDbWorkspace.open(data.resolve("workspace.duckdb")); ResidentWorkspaces all = open.apply(main)) {
      all.appendRawEvents(List.of(
          new RawEvent(t, "eu-meter", "eu", "a", "1", "Periodic", "Heartbeat", "Operational", true, "e1", t, 0, "{}"),
          new RawEvent(t, "meter-1", "default", "a", "1", "Periodic", "Heartbeat", "Operational", true, "e2", t, 0, "{}")));
    }
    // The restarted server has not heard from the devices yet: what they sent before is in the workspaces.
    try (DuckDbWorkspace main = DuckDbWorkspace.open(data.resolve("workspace.duckdb")); ResidentWorkspaces all = open.apply(main);
        RegistryRecommendations check = new RegistryRecommendations(registry, all, clock, () -> counts, List::of)) {
      assertThat(check.check()).filteredOn(r -> r.name().equals("IoT_InstallAgent")).extracting(r -> r.deviceId() + " " + r.state().wireName())
          .containsExactly("bare-1 Active");
      assertThat(all.named("eu-west").orElseThrow().activeRecommendations("bare-1")).as("filed where its group resides")
          .extracting(r -> r.name()).contains("IoT_InstallAgent");
    }
  }
}
