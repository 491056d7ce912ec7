package io.vigil.model.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventsTest {
  private static final EventHeader H = EventHeader.at(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  @Test
  void sliceKeepsKindAndTimeWithAFreshId() {
    Sbom sbom = new Sbom(H, List.of(
        new Sbom.Package("a", "1", null, "dpkg", Map.of()),
        new Sbom.Package("b", "2", null, "dpkg", Map.of()),
        new Sbom.Package("c", "3", null, "dpkg", Map.of())));
    SecurityEvent tail = Events.slice(sbom, 1, 3);
    assertThat(tail).isInstanceOf(Sbom.class);
    assertThat(((Sbom) tail).payload()).containsExactlyElementsOf(sbom.payload().subList(1, 3));
    assertThat(tail.header().timestampUtc()).isEqualTo(H.timestampUtc());
    assertThat(tail.header().id()).isNotEqualTo(H.id()).hasSize(36);
  }

  @Test
  void emptySliceOfATriggeredEventIsRefused() {
    Heartbeat periodic = new Heartbeat(H, List.of(new Heartbeat.Beat(1, Map.of())));
    assertThat(Events.slice(periodic, 0, 0).payload()).isEmpty();
    ProcessTerminate triggered = new ProcessTerminate(H, List.of(new ProcessTerminate.Process("/bin/x", 1, 0, Map.of())));
    assertThatThrownBy(() -> Events.slice(triggered, 1, 1))
        .hasMessage("ProcessTerminate is a triggered event and needs at least one payload item");
    assertThatThrownBy(() -> Events.slice(triggered, 0, 2)).isInstanceOf(IndexOutOfBoundsException.class);
  }
}
