package io.vigil.agent.aggregate;

import io.vigil.model.Require;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Which collectors' events the {@link Aggregator} collapses, over what interval, and how many
 * aggregates it keeps open at most.
 *
 * <p>They correspond to the remote-config keys {@code Process_Aggregation_Enabled} and {@code
 * Process_Aggregation_Interval} (collector {@code process}), and {@code
 * Network_Aggregation_Enabled} and {@code Network_Aggregation_Interval} (collector {@code
 * network}); intervals are ISO 8601 durations such as {@code PT1M}.
 *
 * @param intervalByCollector how long a window stays open after its first occurrence, by collector
 *     name; a collector that is not listed gets {@link #DEFAULT_INTERVAL}
 * @param enabledCollectors the collectors whose ProcessCreate and ConnectionCreate events are
 *     aggregated; the others' events pass through
 * @param maxOpenAggregates how many aggregates may be open at once before the oldest is flushed early
 * @param firstImmediately true: the first occurrence of an item passes through at once (so that a
 *     detection sees it within seconds) and the window reports only the repeats, with {@code
 *     HitCount} = the repeats; false: the first occurrence is held until its window ends and reports
 *     every occurrence, as the old agent did. Either way the sum of HitCount (1 where absent) over
 *     what is sent is the true count.
 */
public record AggregationSettings(
    Map<String, Duration> intervalByCollector, Set<String> enabledCollectors, int maxOpenAggregates, boolean firstImmediately) {
  /** The interval of a collector that {@code intervalByCollector} does not list: one minute. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);
  /** The default bound on open aggregates: about 750 bytes each, so about 0.75 MB of the agent's 12 MB heap. */
  public static final int DEFAULT_MAX_OPEN = 1_000;

  public AggregationSettings {
    Require.present(intervalByCollector, "intervalByCollector");
    Require.present(enabledCollectors, "enabledCollectors");
    intervalByCollector.forEach((collector, interval) -> {
      if (collector == null || interval == null) {
        throw new IllegalArgumentException(
            "intervalByCollector must not hold null keys or values: " + collector + "=" + interval);
      }
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException(
            "the aggregation interval of collector '" + collector + "' must be positive, was " + interval);
      }
    });
    intervalByCollector = Map.copyOf(intervalByCollector);
    enabledCollectors = Set.copyOf(enabledCollectors);
    if (maxOpenAggregates < 1) {
      throw new IllegalArgumentException("maxOpenAggregates must be positive, was " + maxOpenAggregates);
    }
  }

  /** Windows that hold their first occurrence, with this bound. */
  public AggregationSettings(Map<String, Duration> intervalByCollector, Set<String> enabledCollectors, int maxOpenAggregates) {
    this(intervalByCollector, enabledCollectors, maxOpenAggregates, false);
  }

  /** Windows that hold their first occurrence, with at most {@link #DEFAULT_MAX_OPEN} open aggregates. */
  public AggregationSettings(Map<String, Duration> intervalByCollector, Set<String> enabledCollectors) {
    this(intervalByCollector, enabledCollectors, DEFAULT_MAX_OPEN);
  }

  /**
   * Aggregation enabled for {@code process} and {@code network}, one minute each, 1,000 open at
   * most, first occurrences sent at once.
   */
  public static AggregationSettings defaults() {
    return new AggregationSettings(
        Map.of("process", DEFAULT_INTERVAL, "network", DEFAULT_INTERVAL), Set.of("process", "network"), DEFAULT_MAX_OPEN, true);
  }

  /** True if the events of {@code collector} are aggregated. */
  public boolean enabled(String collector) {
    return enabledCollectors.contains(collector);
  }

  /** The window length of {@code collector}. */
  public Duration interval(String collector) {
    return intervalByCollector.getOrDefault(collector, DEFAULT_INTERVAL);
  }
}
