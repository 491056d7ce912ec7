package io.vigil.agent;

import io.vigil.agent.aggregate.AggregationSettings;
import io.vigil.model.Require;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * How the agent runs.
 *
 * @param root the file system root the collectors read through ({@code /} on the live system)
 * @param tick how often the agent loop wakes to run due collectors and sends
 * @param sendInterval how often collected events are sent
 * @param maxPendingEvents collected events held in memory while the hub is unreachable; the oldest
 *     beyond this are dropped and counted against their collector
 * @param maxMessageBytes the largest message sent (the hub's limit is 256 KiB)
 * @param intervals how often each collector runs, by spec name; collectors not named use one minute
 * @param disabled collectors that do not run, by spec name
 * @param aggregation which collectors' repeated events collapse, and over what window
 */
public record AgentSettings(
    Path root,
    Duration tick,
    Duration sendInterval,
    int maxPendingEvents,
    int maxMessageBytes,
    Map<String, Duration> intervals,
    Set<String> disabled,
    AggregationSettings aggregation) {

  /**
   * Default collector intervals: triggered sources often, snapshots seldom. The network collector
   * reads /proc/net/tcp, which the kernel builds by walking its whole socket hash table (about 4 ms
   * of CPU on a 24 GB host), so it polls every 5 s; TCP sockets linger in TIME_WAIT for a minute,
   * so short connections are still seen, though closed ones lose their owner.
   */
  public static final Map<String, Duration> DEFAULT_INTERVALS = Map.ofEntries(
      Map.entry("process", Duration.ofSeconds(1)),
      Map.entry("network", Duration.ofSeconds(5)),
      Map.entry("sdk", Duration.ofSeconds(1)),
      Map.entry("login", Duration.ofSeconds(5)),
      Map.entry("file_integrity", Duration.ofSeconds(5)),
      Map.entry("peripheral", Duration.ofSeconds(5)),
      Map.entry("kernel_module", Duration.ofSeconds(10)),
      Map.entry("heartbeat", Duration.ofMinutes(1)),
      Map.entry("listening_ports", Duration.ofMinutes(5)),
      Map.entry("local_users", Duration.ofHours(1)),
      Map.entry("system_information", Duration.ofHours(1)),
      Map.entry("firewall", Duration.ofHours(1)),
      Map.entry("baseline", Duration.ofHours(6)),
      Map.entry("sbom", Duration.ofHours(24)));

  public AgentSettings {
    Require.present(root, "root");
    positive(tick, "tick");
    positive(sendInterval, "sendInterval");
    if (maxPendingEvents < 1) {
      throw new IllegalArgumentException("maxPendingEvents must be at least 1, was " + maxPendingEvents);
    }
    if (maxMessageBytes < 4096) {
      throw new IllegalArgumentException("maxMessageBytes must be at least 4096, was " + maxMessageBytes);
    }
    intervals = Map.copyOf(intervals);
    intervals.forEach((name, d) -> positive(d, "interval of " + name));
    disabled = Set.copyOf(disabled);
    Require.present(aggregation, "aggregation");
  }

  /**
   * 100 ms ticks, sends every 2 s, 10,000 pending events, 256 KiB messages, the default intervals,
   * and {@link AggregationSettings#defaults()}.
   */
  public static AgentSettings defaults(Path root) {
    return new AgentSettings(root, Duration.ofMillis(100), Duration.ofSeconds(2), 10_000, 256 * 1024, DEFAULT_INTERVALS, Set.of(),
        AggregationSettings.defaults());
  }

  /** How often collector {@code name} runs. */
  public Duration interval(String name) {
    return intervals.getOrDefault(name, Duration.ofMinutes(1));
  }

  private static void positive(Duration d, String name) {
    Require.present(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
  }
}
