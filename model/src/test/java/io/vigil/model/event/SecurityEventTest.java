package io.vigil.model.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SecurityEventTest {
  private static final EventHeader HEADER = EventHeader.at(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.ofHours(1));

  @Test
  void everyPermittedRecordHasItsOwnKind() {
    Set<String> recordNames = Arrays.stream(SecurityEvent.class.getPermittedSubclasses())
        .map(Class::getSimpleName)
        .collect(Collectors.toSet());
    Set<String> kindNames = Arrays.stream(EventKind.values()).map(EventKind::eventName).collect(Collectors.toSet());
    assertThat(recordNames).isEqualTo(kindNames);
    assertThat(Arrays.stream(EventKind.values()).filter(EventKind::inSchemaV1)).hasSize(14);
  }

  @Test
  void triggeredEventNeedsPayload() {
    assertThatThrownBy(() -> new ProcessCreate(HEADER, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ProcessCreate is a triggered event and needs at least one payload item");
  }

  @Test
  void periodicEventMayBeEmpty() {
    assertThat(new OSBaseline(HEADER, List.of()).payload()).isEmpty();
  }

  @Test
  void headerIdMustBeAGuid() {
    assertThatThrownBy(() -> new EventHeader("abc", Instant.EPOCH, Instant.EPOCH.atOffset(ZoneOffset.UTC)))
        .hasMessage("Id 'abc' must be 36 characters (a GUID), was 3");
  }

  @Test
  void loginNeedsAUser() {
    assertThatThrownBy(() -> new Login.Attempt(1, null, null, "Login", "/bin/login", null, null, null, Login.Result.FAIL, null))
        .hasMessage("a login needs UserId or UserName");
  }

  @Test
  void extraDetailsAreCopiedAndNullsRefused() {
    var details = new java.util.HashMap<String, String>();
    details.put("k", null);
    assertThatThrownBy(() -> new Heartbeat.Beat(1, details))
        .hasMessage("ExtraDetails must not hold null keys or values: k=null");
    var beat = new Heartbeat.Beat(1, Map.of("a", "b"));
    assertThat(beat.extraDetails()).containsEntry("a", "b");
  }

  @Test
  void messageNeedsEvents() {
    assertThatThrownBy(() -> SecurityMessage.of("1", "072f3eca-3db0-45ba-8174-fa383bc93caf", List.of()))
        .hasMessage("a security message needs at least one event");
    assertThatThrownBy(() -> new SecurityMessage("1", "072f3eca-3db0-45ba-8174-fa383bc93caf", "2.0", List.of()))
        .hasMessage("MessageSchemaVersion '2.0' is not 1.0");
  }
}
