package io.vigil.agent;

import io.vigil.agent.aggregate.AggregationSettings;
import io.vigil.agent.spool.Priority;
import io.vigil.agent.spool.SpoolSettings;
import io.vigil.model.Require;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * How the agent runs.
 *
 * @param root the file system root the collectors read through ({@code /} on the live system)
 * @param tick how often the agent loop wakes to run due collectors and sends
 * @param maxMessageBytes the largest message sent (the hub's limit is 256 KiB)
 * @param intervals how often each collector runs, by spec name; collectors not named use one minute
 * @param disabled collectors that do not run, by spec name
 * @param aggregation which collectors' repeated events collapse, and over what window
 * @param priorities each collector's priority ({@code <Collector>_MessageFrequency}); not named: Low
 * @param priorityIntervals how long events of each priority may wait before a send
 *     ({@code CollectorsCore_PriorityIntervals}); when one priority is due, everything waiting goes,
 *     so that messages are well filled
 * @param spool the on-disk queue's size cap and segment size
 */
public record AgentSettings(
    Path root,
    Duration tick,
    int maxMessageBytes,
    Map<String, Duration> intervals,
    Set<String> disabled,
    AggregationSettings aggregation,
    Map<String, Priority> priorities,
    Map<Priority, Duration> priorityIntervals,
    SpoolSettings spool) {

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
      Map.entry("heartbeat", Duration.ofMinutes(5)),
      Map.entry("listening_ports", Duration.ofMinutes(5)),
      Map.entry("local_users", Duration.ofHours(1)),
      Map.entry("system_information", Duration.ofHours(1)),
      Map.entry("firewall", Duration.ofHours(1)),
      Map.entry("baseline", Duration.ofHours(6)),
      Map.entry("sbom", Duration.ofHours(24)));

  /** Security-critical triggered collectors are High; changes of posture Medium; the rest Low. */
  public static final Map<String, Priority> DEFAULT_PRIORITIES = Map.ofEntries(
      Map.entry("process", Priority.HIGH),
      Map.entry("network", Priority.HIGH),
      Map.entry("login", Priority.HIGH),
      Map.entry("sdk", Priority.HIGH),
      Map.entry("file_integrity", Priority.HIGH),
      Map.entry("peripheral", Priority.HIGH),
      Map.entry("kernel_module", Priority.HIGH),
      Map.entry("listening_ports", Priority.MEDIUM),
      Map.entry("local_users", Priority.MEDIUM),
      Map.entry("firewall", Priority.MEDIUM),
      Map.entry("heartbeat", Priority.MEDIUM));

  /** High within 2 s, Medium within 5 minutes, Low within 30 minutes. */
  public static final Map<Priority, Duration> DEFAULT_PRIORITY_INTERVALS =
      Map.of(Priority.HIGH, Duration.ofSeconds(2), Priority.MEDIUM, Duration.ofMinutes(5), Priority.LOW, Duration.ofMinutes(30));

  public AgentSettings {
    Require.present(root, "root");
    positive(tick, "tick");
    if (maxMessageBytes < 4096) {
      throw new IllegalArgumentException("maxMessageBytes must be at least 4096, was " + maxMessageBytes);
    }
    intervals = Map.copyOf(intervals);
    intervals.forEach((name, d) -> positive(d, "interval of " + name));
    disabled = Set.copyOf(disabled);
    Require.present(aggregation, "aggregation");
    priorities = Map.copyOf(priorities);
    Map<Priority, Duration> complete = new EnumMap<>(Priority.class);
    for (Priority p : Priority.values()) {
      Duration d = Require.present(priorityIntervals.get(p), "the interval of priority " + p);
      if (d.isNegative()) {
        throw new IllegalArgumentException("the interval of priority " + p + " must not be negative, was " + d);
      }
      complete.put(p, d);
    }
    priorityIntervals = Map.copyOf(complete);
    Require.present(spool, "spool");
  }

  /** 100 ms ticks, 256 KiB messages, and every default: intervals, aggregation, priorities, a 10 MB spool. */
  public static AgentSettings defaults(Path root) {
    return new AgentSettings(root, Duration.ofMillis(100), 256 * 1024, DEFAULT_INTERVALS, Set.of(),
        AggregationSettings.defaults(), DEFAULT_PRIORITIES, DEFAULT_PRIORITY_INTERVALS, SpoolSettings.defaults());
  }

  /** How often collector {@code name} runs. */
  public Duration interval(String name) {
    return intervals.getOrDefault(name, Duration.ofMinutes(1));
  }

  /** The priority of collector {@code name}'s events. */
  public Priority priority(String name) {
    return priorities.getOrDefault(name, Priority.LOW);
  }

  private static void positive(Duration d, String name) {
    Require.present(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
  }
}
