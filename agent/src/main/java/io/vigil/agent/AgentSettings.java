package io.vigil.agent;

import io.vigil.model.Require;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How the agent runs.
 *
 * @param root the file system root the collectors read through ({@code /} on the live system)
 * @param processPollInterval how often the /proc polling source looks for new processes
 * @param sendInterval how often collected events are sent
 * @param heartbeatInterval how often a Heartbeat is sent
 * @param maxPendingEvents collected events held in memory while the hub is unreachable; the oldest
 *     beyond this are dropped and counted
 */
public record AgentSettings(
    Path root, Duration processPollInterval, Duration sendInterval, Duration heartbeatInterval, int maxPendingEvents) {
  public AgentSettings {
    Require.present(root, "root");
    positive(processPollInterval, "processPollInterval");
    positive(sendInterval, "sendInterval");
    positive(heartbeatInterval, "heartbeatInterval");
    if (maxPendingEvents < 1) {
      throw new IllegalArgumentException("maxPendingEvents must be at least 1, was " + maxPendingEvents);
    }
  }

  /** 100 ms process polling, 1 s sends, a heartbeat every 60 s, up to 50,000 pending events. */
  public static AgentSettings defaults(Path root) {
    return new AgentSettings(root, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(60), 50_000);
  }

  private static void positive(Duration d, String name) {
    Require.present(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
  }
}
