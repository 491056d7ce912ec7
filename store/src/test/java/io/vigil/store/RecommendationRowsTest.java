package io.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.Recommendation;
import io.vigil.model.RecommendationState;
import io.vigil.model.Severity;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecommendationRowsTest {
  @TempDir Path dir;

  private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");

  private static Recommendation rec(RecommendationState state, Instant discovered, Instant resolved, String description) {
    return new Recommendation("r-1", "gw-1", "IoT_OpenPorts", "Open ports on the device", Severity.MEDIUM, state, description, "close them",
        Map.of("Ports", "tcp/22", "Subject", "ports"), discovered, resolved);
  }

  @Test
  void oneRowPerRecommendationThatKeepsItsDiscoveryUntilResolvedAndReopened() throws Exception {
    try (var ws = DuckDbWorkspace.open(dir.resolve("w.duckdb"))) {
      ws.upsertRecommendations(List.of(rec(RecommendationState.ACTIVE, T, null, "one port")));
      ws.upsertRecommendations(List.of(rec(RecommendationState.ACTIVE, T.plusSeconds(60), null, "two ports")));
      assertThat(ws.activeRecommendations("gw-1")).singleElement().satisfies(r -> {
        assertThat(r.description()).isEqualTo("two ports");
        assertThat(r.discoveredTime()).isEqualTo(T);
        assertThat(r.additionalData()).containsEntry("Ports", "tcp/22").containsEntry("Subject", "ports");
        assertThat(r.severity()).isEqualTo(Severity.MEDIUM);
      });
      ws.upsertRecommendations(List.of(rec(RecommendationState.RESOLVED, T, T.plusSeconds(120), "two ports")));
      assertThat(ws.activeRecommendations("gw-1")).isEmpty();
      assertThat(ws.query("SELECT RecommendationState, ResolvedTimeUTC FROM SecurityRecommendation", 10).rows())
          .containsExactly(List.of("Resolved", "2026-11-22T10:02:00Z"));
      ws.upsertRecommendations(List.of(rec(RecommendationState.ACTIVE, T.plusSeconds(180), null, "back")));
      assertThat(ws.query("SELECT count(*), any_value(RecommendationState), any_value(DiscoveredTimeUTC), any_value(ResolvedTimeUTC)"
          + " FROM SecurityRecommendation", 10).rows())
          .containsExactly(java.util.Arrays.asList(1L, "Active", "2026-11-22T10:03:00Z", null));
      assertThat(ws.activeRecommendations("gw-2")).isEmpty();
    }
  }

  @Test
  void aLargeBatchIsOneUpsertAndTheLastVersionOfARecommendationWins() throws Exception {
    try (var ws = DuckDbWorkspace.open(dir.resolve("w.duckdb"))) {
      List<Recommendation> batch = new java.util.ArrayList<>();
      for (int i = 0; i < 5000; i++) {
        batch.add(new Recommendation("s-" + i, "dev-" + i, "IoT_SymmetricKeyAuthentication", "SAS", Severity.LOW, RecommendationState.ACTIVE,
            "d", "r", Map.of(), T, null));
      }
      batch.add(rec(RecommendationState.ACTIVE, T, null, "first"));
      batch.add(rec(RecommendationState.ACTIVE, T, null, "second"));
      ws.upsertRecommendations(batch);
      assertThat(ws.query("SELECT count(*) FROM SecurityRecommendation", 1).rows()).containsExactly(List.of(5001L));
      assertThat(ws.activeRecommendations("gw-1")).singleElement().satisfies(r -> assertThat(r.description()).isEqualTo("second"));
      assertThat(ws.activeRecommendations()).hasSize(5001);
    }
  }
}
