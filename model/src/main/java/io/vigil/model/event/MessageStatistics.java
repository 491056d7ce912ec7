package io.vigil.model.event;

import io.vigil.model.Require;
import java.util.List;
import java.util.Map;

/** How many messages the agent sent, how many were small, and how many failed. */
public record MessageStatistics(EventHeader header, List<Stats> payload) implements SecurityEvent {
  public MessageStatistics {
    payload = Payloads.of(EventKind.MESSAGE_STATISTICS, header, payload);
  }

  @Override
  public EventKind kind() {
    return EventKind.MESSAGE_STATISTICS;
  }

  /** The counters. */
  public record Stats(long messagesSent, long messagesUnder4Kb, long totalFailed, Map<String, String> extraDetails) {
    public Stats {
      Require.nonNegative(messagesSent, "MessagesSent");
      Require.nonNegative(messagesUnder4Kb, "MessagesUnder4KB");
      Require.nonNegative(totalFailed, "TotalFailed");
      extraDetails = Require.copy(extraDetails, "ExtraDetails");
    }
  }
}
