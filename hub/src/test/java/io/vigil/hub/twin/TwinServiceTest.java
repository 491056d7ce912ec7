package io.vigil.hub.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.model.event.HubOperation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The twin service's answers, notifications and hub operations, with a sender that records what it is given. */
class TwinServiceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

  record Sent(String deviceId, String topic, String body) {}

  record Recorded(String deviceId, HubOperation.Operation operation, Instant at) {}

  @TempDir Path dir;
  private final Set<String> registered = ConcurrentHashMap.newKeySet();
  private final List<Sent> sent = new CopyOnWriteArrayList<>();
  private final List<Recorded> operations = new CopyOnWriteArrayList<>();
  private volatile RuntimeException brokerFailure;
  private TwinService twins;

  @BeforeEach
  void start() {
    registered.addAll(Set.of("gw-1", "gw-2"));
    TwinSender sender = (deviceId, topic, payload) -> {
      if (brokerFailure != null) {
        return CompletableFuture.failedFuture(brokerFailure);
      }
      sent.add(new Sent(deviceId, topic, new String(payload, StandardCharsets.UTF_8)));
      return CompletableFuture.completedFuture(true);
    };
    twins = new TwinService(TwinStore.open(dir, registered::contains), sender,
        (deviceId, op, at) -> operations.add(new Recorded(deviceId, op, at)), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void stop() {
    twins.close();
  }

  private void handle(String deviceId, String topic, String body) {
    twins.handle(deviceId, topic, body.getBytes(StandardCharsets.UTF_8), "192.0.2.1").join();
  }

  private HubOperation.Operation lastOperation() {
    return operations.getLast().operation();
  }

  @Test
  void getAnswersTheWholeTwinToTheDevice() {
    handle("gw-1", "$iothub/twin/GET/?$rid=1", "");
    assertThat(sent).containsExactly(new Sent("gw-1", "$iothub/twin/res/200/?$rid=1",
        "{\"desired\":{\"$version\":1},\"reported\":{\"$version\":1}}"));
    assertThat(operations.getLast()).isEqualTo(new Recorded("gw-1", new HubOperation.Operation("TwinGet", "Success", "MQTT",
        "192.0.2.1", Map.of("DesiredVersion", "1", "ReportedVersion", "1")), NOW));
  }

  @Test
  void aReportedPatchIsStoredAndAnsweredWithTheNewVersion() {
    handle("gw-1", "$iothub/twin/PATCH/properties/reported/?$rid=r1", "{\"latest_state\":\"ok\",\"agent\":{\"v\":\"1.0\"}}");
    handle("gw-1", "$iothub/twin/PATCH/properties/reported/?$rid=r2", "{\"latest_state\":null}");
    assertThat(sent).extracting(Sent::topic)
        .containsExactly("$iothub/twin/res/204/?$rid=r1&$version=2", "$iothub/twin/res/204/?$rid=r2&$version=3");
    assertThat(sent).extracting(Sent::body).containsOnly("");
    assertThat(twins.get("gw-1").reported().toJson().toString()).isEqualTo("{\"agent\":{\"v\":\"1.0\"},\"$version\":3}");
    assertThat(lastOperation().operation()).isEqualTo("TwinReportedUpdate");
    assertThat(lastOperation().extraDetails()).isEqualTo(Map.of("Keys", "latest_state", "Version", "3"));
  }

  @Test
  void aBadReportedPatchIsAnswered400WithWhatAndWhere() throws Exception {
    handle("gw-1", "$iothub/twin/PATCH/properties/reported/?$rid=7", "{\"ok\":1,\"$version\":9}");
    assertThat(sent).hasSize(1);
    assertThat(sent.getFirst().topic()).isEqualTo("$iothub/twin/res/400/?$rid=7");
    assertThat(JSON.readTree(sent.getFirst().body()).path("message").asText()).isEqualTo("/$version: keys starting with '$' are reserved");
    assertThat(lastOperation()).isEqualTo(new HubOperation.Operation("TwinReportedUpdate", "InvalidPatch", "MQTT", "192.0.2.1",
        Map.of("Status", "400", "Reason", "/$version: keys starting with '$' are reserved", "RequestId", "7")));
    assertThat(twins.get("gw-1").reported().version()).isEqualTo(1);
  }

  @Test
  void aTooLargeReportedPatchIsAnswered413() throws Exception {
    handle("gw-1", "$iothub/twin/PATCH/properties/reported/?$rid=8", "{\"a\":\"" + "x".repeat(40_000) + "\"}");
    assertThat(sent.getFirst().topic()).isEqualTo("$iothub/twin/res/413/?$rid=8");
    assertThat(JSON.readTree(sent.getFirst().body()).path("message").asText()).isEqualTo("patch: 40008 bytes of JSON; the limit is 32768");
    assertThat(lastOperation().result()).isEqualTo("PatchTooLarge");
  }

  @Test
  void otherTwinTopicsAreAnswered400WhenTheyHaveARidAndAlwaysRecorded() throws Exception {
    handle("gw-1", "$iothub/twin/res/200/?$rid=5", "{\"desired\":{}}");
    assertThat(sent).singleElement().satisfies(s -> {
      assertThat(s.topic()).isEqualTo("$iothub/twin/res/400/?$rid=5");
      assertThat(JSON.readTree(s.body()).path("message").asText()).startsWith("unsupported twin topic '$iothub/twin/res/200/?$rid=5'");
    });
    handle("gw-1", "$iothub/twin/GET/", "");
    assertThat(sent).hasSize(1);
    assertThat(operations).extracting(r -> r.operation().operation() + "/" + r.operation().result())
        .containsExactly("TwinRequest/UnsupportedRequest", "TwinRequest/UnsupportedRequest");
    assertThat(lastOperation().extraDetails().get("Reason")).isEqualTo("twin request '$iothub/twin/GET/' has no $rid");
  }

  @Test
  void aDeviceNoLongerRegisteredIsAnswered404() {
    registered.remove("gw-2");
    handle("gw-2", "$iothub/twin/GET/?$rid=1", "");
    assertThat(sent).singleElement().satisfies(s -> {
      assertThat(s.topic()).isEqualTo("$iothub/twin/res/404/?$rid=1");
      assertThat(s.body()).isEqualTo("{\"message\":\"no device 'gw-2'\"}");
    });
    assertThat(lastOperation().result()).isEqualTo("UnknownDevice");
  }

  @Test
  void aHubFaultIsAnswered500WithoutItsDetailsWhichGoToTheOperation() throws Exception {
    java.nio.file.Files.writeString(dir.resolve("gw-1.json"), "{broken");
    handle("gw-1", "$iothub/twin/GET/?$rid=3", "");
    assertThat(sent).singleElement().satisfies(s -> {
      assertThat(s.topic()).isEqualTo("$iothub/twin/res/500/?$rid=3");
      assertThat(s.body()).isEqualTo("{\"message\":\"the hub failed (StoreFailed); retry later\"}");
    });
    assertThat(lastOperation().result()).isEqualTo("StoreFailed");
    assertThat(lastOperation().extraDetails().get("Reason")).startsWith("twin file " + dir.resolve("gw-1.json") + " is not valid JSON");
  }

  @Test
  void aDesiredChangeIsStoredThenSentToTheDeviceWithItsVersion() throws Exception {
    Twin twin = twins.updateDesired("gw-1", JSON.readTree("{\"Process_Mode\":\"Polling\",\"Old\":null}"));
    assertThat(twin.desired().toJson().toString()).isEqualTo("{\"Process_Mode\":\"Polling\",\"$version\":2}");
    assertThat(sent).containsExactly(new Sent("gw-1", "$iothub/twin/PATCH/properties/desired/?$version=2",
        "{\"Process_Mode\":\"Polling\",\"Old\":null,\"$version\":2}"));
    assertThat(operations.getLast()).isEqualTo(new Recorded("gw-1",
        new HubOperation.Operation("TwinDesiredUpdate", "Success", null, null, Map.of("Keys", "Process_Mode,Old", "Version", "2")), NOW));
  }

  @Test
  void aRefusedDesiredChangeThrowsWithTheStatusAndIsRecorded() throws Exception {
    assertThatThrownBy(() -> twins.updateDesired("gw-1", JSON.readTree("{\"a\":{\"$b\":1}}")))
        .isInstanceOf(TwinException.class)
        .hasMessage("/desired/a/$b: keys starting with '$' are reserved")
        .satisfies(e -> assertThat(((TwinException) e).status()).isEqualTo(400));
    assertThat(lastOperation()).isEqualTo(new HubOperation.Operation("TwinDesiredUpdate", "InvalidPatch", null, null,
        Map.of("Status", "400", "Reason", "/desired/a/$b: keys starting with '$' are reserved")));
    assertThatThrownBy(() -> twins.updateDesired("nope", JSON.readTree("{}")))
        .isInstanceOf(TwinException.class).hasMessage("no device 'nope'");
    assertThat(sent).isEmpty();
  }

  @Test
  void concurrentDesiredChangesReachTheDeviceInVersionOrder() throws Exception {
    ExecutorService callers = Executors.newFixedThreadPool(8);
    try {
      List<Future<Twin>> done = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        int n = i;
        done.add(callers.submit(() -> twins.updateDesired("gw-1", JSON.readTree("{\"n\":" + n + "}"))));
      }
      for (Future<Twin> f : done) {
        f.get();
      }
    } finally {
      callers.shutdown();
    }
    assertThat(sent).extracting(Sent::topic).containsExactlyElementsOf(
        java.util.stream.IntStream.rangeClosed(2, 41).mapToObj(v -> "$iothub/twin/PATCH/properties/desired/?$version=" + v).toList());
    assertThat(twins.get("gw-1").desired().version()).isEqualTo(41);
  }

  @Test
  void aBrokerFailureWhenSendingIsRecordedAsNotDelivered() throws Exception {
    brokerFailure = new IllegalStateException("broker stopped");
    twins.updateDesired("gw-1", JSON.readTree("{\"a\":1}"));
    assertThat(operations).extracting(Recorded::operation).contains(new HubOperation.Operation("TwinDesiredUpdate", "NotDelivered",
        null, null, Map.of("Topic", "$iothub/twin/PATCH/properties/desired/?$version=2", "Reason", "broker stopped")));
    assertThat(twins.get("gw-1").desired().version()).isEqualTo(2);
  }

  @Test
  void deleteRemovesTheTwin() throws Exception {
    twins.updateDesired("gw-1", JSON.readTree("{\"a\":1}"));
    twins.delete("gw-1");
    assertThat(twins.get("gw-1").desired().version()).isEqualTo(1);
  }
}
