package io.vigil.agent.collect.heartbeat;

import io.vigil.agent.collect.Collector;
import io.vigil.agent.collect.CollectorContext;
import io.vigil.model.event.AgentStatistics;
import io.vigil.model.event.Heartbeat;
import io.vigil.model.event.SecurityEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The agent's sign of life and its own statistics: a Heartbeat (uptime) and an AgentStatistics
 * event with every collector's status and its counts of items collected, sent and dropped.
 */
public final class HeartbeatCollector implements Collector {
  private final CollectorContext ctx;
  private final Instant started;
  private final Supplier<List<AgentStatistics.Collector>> statistics;

  /**
   * @param statistics the collectors' current statistics, read on each collect
   */
  public HeartbeatCollector(CollectorContext ctx, Supplier<List<AgentStatistics.Collector>> statistics) {
    this.ctx = ctx;
    this.started = ctx.now();
    this.statistics = statistics;
  }

  @Override
  public String name() {
    return "heartbeat";
  }

  @Override
  public List<SecurityEvent> collect() {
    long uptime = Duration.between(started, ctx.now()).toSeconds();
    Heartbeat beat = new Heartbeat(ctx.header(), List.of(new Heartbeat.Beat(uptime, Map.of())));
    return List.of(beat, new AgentStatistics(ctx.header(), statistics.get()));
  }
}
