package io.vigil.detect.recommend;

import io.vigil.model.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One device's security messages in tumbling windows of {@link #WINDOW} by receive time (aligned to
 * the epoch), for {@code IoT_AgentSendsUnutilizedMessages}: a window with at least
 * {@link #MIN_MESSAGES} messages that held on average fewer than {@link #MIN_EVENTS_PER_MESSAGE}
 * events each. A message is a run of events with the same receive time and agent id, as the hub
 * hands them over. Not thread-safe: one device's shard uses it.
 */
final class MessageUsage {
  static final Duration WINDOW = Duration.ofHours(1);
  /** One message every 10 seconds on average. */
  static final int MIN_MESSAGES = 360;
  static final int MIN_EVENTS_PER_MESSAGE = 2;

  private long windowStart = Long.MIN_VALUE;
  private long messages;
  private long events;
  private Instant lastReceived;
  private String lastAgent;
  private Instant closedEnd;

  /**
   * Counts one event received at {@code received} from agent {@code agentId}. When it is the first of
   * a later window, returns the findings of the window it closes (empty when the window was fine);
   * else null.
   */
  List<Finding> add(Instant received, String agentId, String deviceId) {
    long length = WINDOW.toMillis();
    long start = Math.floorDiv(received.toEpochMilli(), length) * length;
    List<Finding> decided = null;
    if (start > windowStart) {
      if (windowStart != Long.MIN_VALUE) {
        decided = findings(deviceId);
        closedEnd = Instant.ofEpochMilli(windowStart + length);
      }
      windowStart = start;
      messages = 0;
      events = 0;
    }
    if (!received.equals(lastReceived) || !agentId.equals(lastAgent)) {
      messages++;
      lastReceived = received;
      lastAgent = agentId;
    }
    events++;
    return decided;
  }

  /** When the window that {@link #add} last closed ended. */
  Instant closedEnd() {
    return closedEnd;
  }

  private List<Finding> findings(String deviceId) {
    if (messages < MIN_MESSAGES || events >= messages * MIN_EVENTS_PER_MESSAGE) {
      return List.of();
    }
    String average = String.format(java.util.Locale.ROOT, "%.2f", (double) events / messages);
    Instant from = Instant.ofEpochMilli(windowStart);
    return List.of(new Finding(RecommendationKind.AGENT_UNUTILIZED_MESSAGES, "messages", Severity.LOW,
        "Device " + deviceId + " sent " + messages + " security messages from " + from + " to " + from.plus(WINDOW) + " holding " + events
            + " events: " + average + " per message on average. Batching them into fewer, fuller messages costs the device and the hub less.",
        Map.of("Messages", Long.toString(messages), "Events", Long.toString(events), "EventsPerMessage", average,
            "WindowStart", from.toString(), "WindowEnd", from.plus(WINDOW).toString())));
  }
}
