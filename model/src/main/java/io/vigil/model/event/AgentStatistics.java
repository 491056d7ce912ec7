package io.vigil.model.event;

import io.vigil.model.Require;
import io.vigil.model.WireName;
import java.util.List;
import java.util.Map;

/**
 * Vigil addition: the agent's own account of each collector: whether it runs, and how many events
 * it collected, sent and dropped. A collector that cannot read its source says why here.
 */
public record AgentStatistics(EventHeader header, List<Collector> payload) implements SecurityEvent {
  public AgentStatistics {
    payload = Payloads.of(EventKind.AGENT_STATISTICS, header, payload);
  }

  @Override
  public EventKind kind() {
    return EventKind.AGENT_STATISTICS;
  }

  /** Whether a collector is working. */
  public enum Status implements WireName {
    OK,
    UNAVAILABLE,
    DISABLED
  }

  /**
   * One collector's counters since the agent started.
   *
   * @param name the collector's spec name, for example {@code listening_ports}
   * @param reason why it is unavailable or disabled; null when OK
   */
  public record Collector(
      String name, Status status, long collected, long sent, long dropped, String reason, Map<String, String> extraDetails) {
    public Collector {
      Require.text(name, "Name");
      Require.present(status, "Status");
      Require.nonNegative(collected, "Collected");
      Require.nonNegative(sent, "Sent");
      Require.nonNegative(dropped, "Dropped");
      extraDetails = Require.copy(extraDetails, "ExtraDetails");
    }
  }
}
