package io.vigil.model.event;

import io.vigil.model.Require;
import io.vigil.model.WireName;
import java.util.List;
import java.util.Map;

/** How many events each agent queue collected and dropped. */
public record DroppedEventsStatistics(EventHeader header, List<Queue> payload) implements SecurityEvent {
  public DroppedEventsStatistics {
    payload = Payloads.of(EventKind.DROPPED_EVENTS_STATISTICS, header, payload);
  }

  @Override
  public EventKind kind() {
    return EventKind.DROPPED_EVENTS_STATISTICS;
  }

  /** The schema names two queues. */
  public enum QueueName implements WireName {
    HIGH,
    LOW
  }

  /** One queue's counters. */
  public record Queue(QueueName queue, long collectedEvents, long droppedEvents, Map<String, String> extraDetails) {
    public Queue {
      Require.present(queue, "Queue");
      Require.nonNegative(collectedEvents, "CollectedEvents");
      Require.nonNegative(droppedEvents, "DroppedEvents");
      extraDetails = Require.copy(extraDetails, "ExtraDetails");
    }
  }
}
