package io.vigil.detect.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.detect.settings.StrictJson;
import io.vigil.model.Recommendation;
import io.vigil.model.RecommendationState;
import io.vigil.model.Severity;
import io.vigil.model.event.DeviceEvent;
import io.vigil.model.event.EventHeader;
import io.vigil.model.event.Heartbeat;
import io.vigil.model.event.HubOperation;
import io.vigil.model.event.ProcessCreate;
import io.vigil.model.event.SecurityEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The operational recommendations: IoT_AgentSendsUnutilizedMessages from the security messages a
 * device sends, IoT_TwinConfigurationNotOptimal and IoT_TwinConfigurationConflict from its twin
 * after each twin update. Twins are in the form the hub stores and Vigil's agent reports.
 */
class OperationalRecommendationsTest {
  private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");
  private final Map<String, TwinView> twins = new HashMap<>();
  private final Recommender recommender = new Recommender(id -> List.of(), null, id -> Optional.ofNullable(twins.get(id)));
  private final List<Recommendation> out = new ArrayList<>();

  private static SecurityEvent process(Instant t) {
    return new ProcessCreate(EventHeader.at(t, ZoneOffset.UTC),
        List.of(new ProcessCreate.Process("/bin/true", 7, 1, "0", "root", "true", Map.of())));
  }

  /** {@code messages} security messages of {@code eventsEach} events, evenly over the hour from {@code start}. */
  private void send(Instant start, int messages, int eventsEach) {
    for (int m = 0; m < messages; m++) {
      Instant received = start.plusMillis(m * (3_600_000L / messages));
      for (int e = 0; e < eventsEach; e++) {
        recommender.evaluate(new DeviceEvent("gw-1", "default", "agent-1", "1.0", received, process(received)), out::add);
      }
    }
  }

  private void twinUpdate(String operation) {
    Instant at = T.plusSeconds(60);
    recommender.evaluate(new DeviceEvent("gw-1", "default", "", "", at, new HubOperation(EventHeader.at(at, ZoneOffset.UTC),
        List.of(new HubOperation.Operation(operation, "Success", "MQTT", "127.0.0.1", Map.of("Keys", "x"))))), out::add);
  }

  @SuppressWarnings("unchecked")
  private void twin(String desired, long version, String reported) {
    twins.put("gw-1", new TwinView("gw-1", (Map<String, Object>) StrictJson.tree(desired, "desired"), version,
        (Map<String, Object>) StrictJson.tree(reported, "reported")));
  }

  @Test
  void manySmallMessagesInAnHourAreUnutilizedUntilAnHourOfFullerOnes() {
    send(T, 400, 1);
    assertThat(out).as("decided when the hour is over").isEmpty();
    send(T.plus(Duration.ofHours(1)), 400, 3);
    assertThat(out).singleElement().satisfies(r -> {
      assertThat(r.name()).isEqualTo("IoT_AgentSendsUnutilizedMessages");
      assertThat(r.state()).isEqualTo(RecommendationState.ACTIVE);
      assertThat(r.severity()).isEqualTo(Severity.LOW);
      assertThat(r.additionalData()).containsEntry("Messages", "400").containsEntry("Events", "400")
          .containsEntry("EventsPerMessage", "1.00").containsEntry("WindowStart", "2026-11-22T10:00:00Z");
      assertThat(r.description()).startsWith("Device gw-1 sent 400 security messages from 2026-11-22T10:00:00Z to 2026-11-22T11:00:00Z");
      assertThat(r.discoveredTime()).isEqualTo(T.plus(Duration.ofHours(1)));
    });
    send(T.plus(Duration.ofHours(2)), 1, 1);
    assertThat(out).hasSize(2);
    assertThat(out.get(1).state()).as("3 events per message").isEqualTo(RecommendationState.RESOLVED);
    assertThat(out.get(1).recommendationId()).isEqualTo(out.get(0).recommendationId());
    assertThat(out.get(1).resolvedTime()).isEqualTo(T.plus(Duration.ofHours(2)));
  }

  @Test
  void fewMessagesOrFullOnesAreFine() {
    send(T, MessageUsage.MIN_MESSAGES - 1, 1);
    send(T.plus(Duration.ofHours(1)), 1000, 2);
    send(T.plus(Duration.ofHours(2)), 1, 1);
    assertThat(out).isEmpty();
  }

  @Test
  void aFindingSeenAgainUpdatesTheSameRecommendation() {
    send(T, 400, 1);
    send(T.plus(Duration.ofHours(1)), 400, 1);
    send(T.plus(Duration.ofHours(2)), 1, 1);
    assertThat(out).as("the next hour's evidence, on the same row").hasSize(2)
        .extracting(Recommendation::recommendationId).containsOnly(out.get(0).recommendationId());
    assertThat(out).extracting(Recommendation::state).containsOnly(RecommendationState.ACTIVE);
    assertThat(out.get(1).discoveredTime()).as("discovered when first seen").isEqualTo(T.plus(Duration.ofHours(1)));
    assertThat(out.get(1).additionalData()).containsEntry("WindowStart", "2026-11-22T11:00:00Z");
  }

  @Test
  void wastefulOrBlindSettingsAreNotOptimalOnePerKeyUntilChanged() {
    String config = """
        {"Process_Disabled": true, "Network_Aggregation_Enabled": false, "Baseline_MessageFrequency": "High",
         "ListeningPorts_Interval": "PT10S", "Login_Interval": 0.5, "CollectorsCore_PriorityIntervals": "PT0S,PT5M,PT30M",
         "Login_Disabled": false, "Process_MessageFrequency": "High", "Heartbeat_Interval": "PT5M"}""";
    twin(config, 4, "{\"latest_state\": \"success\", \"latest_invalid_fields\": [], \"latest_errors\": [], \"latest_desired_version\": 4,"
        + " \"configuration\": " + config + "}");
    twinUpdate("TwinReportedUpdate");
    assertThat(out).allSatisfy(r -> assertThat(r.name()).isEqualTo("IoT_TwinConfigurationNotOptimal"))
        .extracting(r -> r.additionalData().get("Subject"))
        .containsExactlyInAnyOrder("Process_Disabled", "Network_Aggregation_Enabled", "Baseline_MessageFrequency",
            "ListeningPorts_Interval", "Login_Interval", "CollectorsCore_PriorityIntervals");
    assertThat(out).filteredOn(r -> r.additionalData().get("Subject").equals("Process_Disabled")).singleElement().satisfies(r -> {
      assertThat(r.severity()).isEqualTo(Severity.MEDIUM);
      assertThat(r.description()).isEqualTo("Process_Disabled = true switches the Process collector off: the device is blind to its events"
          + " and the rules that need them cannot fire. Suggested: false (or remove it).");
    });

    out.clear();
    String fixed = """
        {"Network_Aggregation_Enabled": false, "CollectorsCore_PriorityIntervals": "1,30,240"}""";
    twin(fixed, 5, "{\"latest_state\": \"success\", \"latest_invalid_fields\": [], \"latest_desired_version\": 5, \"configuration\": "
        + fixed + "}");
    twinUpdate("TwinReportedUpdate");
    assertThat(out).allSatisfy(r -> assertThat(r.state()).isEqualTo(RecommendationState.RESOLVED))
        .extracting(r -> r.additionalData().get("Subject"))
        .containsExactlyInAnyOrder("Process_Disabled", "Baseline_MessageFrequency", "ListeningPorts_Interval", "Login_Interval",
            "CollectorsCore_PriorityIntervals");
  }

  @Test
  void theDesiredConfigurationIsCheckedBeforeTheAgentReportsOne() {
    twin("{\"Login_Disabled\": \"true\"}", 2, "{}");
    twinUpdate("TwinDesiredUpdate");
    assertThat(out).singleElement().satisfies(r -> {
      assertThat(r.name()).isEqualTo("IoT_TwinConfigurationNotOptimal");
      assertThat(r.additionalData()).containsEntry("Key", "Login_Disabled").containsEntry("Value", "true");
    });
  }

  @Test
  void aRefusedOrUnappliedDesiredKeyIsAConflictOnceTheAgentAcknowledgedIt() {
    String desired = "{\"Process_Interval\": \"soon\", \"Bogus_Key\": 1, \"Login_Interval\": \"PT10S\", \"Heartbeat_Interval\": \"PT5M\"}";
    twin(desired, 7, "{\"latest_state\": \"success\", \"latest_desired_version\": 6, \"configuration\": {}}");
    twinUpdate("TwinDesiredUpdate");
    assertThat(out).as("not acknowledged yet: nothing to say").isEmpty();

    twin(desired, 7, """
        {"latest_state": "failed", "latest_invalid_fields": ["Process_Interval", "Bogus_Key"],
         "latest_errors": ["Process_Interval: 'soon' is not a duration", "Bogus_Key: unknown key (the keys are listed in the README, under 'Agent configuration')"],
         "latest_desired_version": 7, "configuration": {"Heartbeat_Interval": "PT5M", "Login_Interval": "PT1M"}}""");
    twinUpdate("TwinReportedUpdate");
    assertThat(out).filteredOn(r -> r.name().equals("IoT_TwinConfigurationConflict")).extracting(r -> r.additionalData().get("Subject"))
        .containsExactlyInAnyOrder("Process_Interval", "Bogus_Key", "Login_Interval");
    assertThat(out).filteredOn(r -> r.additionalData().get("Subject").equals("Process_Interval")).singleElement().satisfies(r -> {
      assertThat(r.severity()).isEqualTo(Severity.MEDIUM);
      assertThat(r.description()).isEqualTo("The desired property Process_Interval = soon (version 7) is not in force: the agent refused it:"
          + " Process_Interval: 'soon' is not a duration.");
    });
    assertThat(out).filteredOn(r -> r.additionalData().get("Subject").equals("Login_Interval")).singleElement()
        .satisfies(r -> assertThat(r.description()).endsWith("the agent acknowledged it but reports PT1M in force for it."));

    out.clear();
    twin("{\"Heartbeat_Interval\": \"PT5M\"}", 8, """
        {"latest_state": "success", "latest_invalid_fields": [], "latest_errors": [], "latest_desired_version": 8,
         "configuration": {"Heartbeat_Interval": "PT5M"}}""");
    twinUpdate("TwinReportedUpdate");
    assertThat(out).extracting(Recommendation::state).containsOnly(RecommendationState.RESOLVED).hasSize(3);
  }

  @Test
  void otherHubOperationsAndUnknownTwinsAreNotLookedAt() {
    twin("{\"Process_Disabled\": true}", 2, "{}");
    twinUpdate("Connect");
    assertThat(out).isEmpty();
    Instant at = T.plusSeconds(60);
    recommender.evaluate(new DeviceEvent("gw-2", "default", "", "", at, new HubOperation(EventHeader.at(at, ZoneOffset.UTC),
        List.of(new HubOperation.Operation("TwinReportedUpdate", "Success", "MQTT", null, Map.of())))), out::add);
    assertThat(out).as("no twin for gw-2").isEmpty();
    recommender.evaluate(new DeviceEvent("gw-1", "default", "a", "1", at, new Heartbeat(EventHeader.at(at, ZoneOffset.UTC),
        List.of(new Heartbeat.Beat(1, Map.of())))), out::add);
    assertThat(out).isEmpty();
  }
}
