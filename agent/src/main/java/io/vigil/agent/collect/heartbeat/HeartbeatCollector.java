package io.vigil.agent.collect.heartbeat;

import io.vigil.agent.collect.Collector;
import io.vigil.agent.collect.CollectorContext;
import io.vigil.model.event.AgentStatistics;
import io.vigil.model.event.DroppedEventsStatistics;
import io.vigil.model.event.MessageStatistics;
import io.vigil.model.event.Heartbeat;
import io.vigil.model.event.SecurityEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The agent's sign of life and its own statistics: a Heartbeat (uptime), an AgentStatistics event
 * with every collector's status and its counts of items collected, sent and dropped, and the
 * spool's DroppedEventsStatistics (High: the High queue; Low: Medium and Low together), and the
 * MessageStatistics of what was sent (how many messages, how many under 4 KB, how many failed).
 * From the second beat on, the beat's ExtraDetails carry the bytes the device sent on its network
 * interfaces since the previous beat ({@link TransmitCounter}); when /proc/net/dev cannot be read,
 * {@link #details()} says why under {@code BytesSentUnavailable}.
 */
public final class HeartbeatCollector implements Collector {
  private final CollectorContext ctx;
  private final Instant started;
  private final Supplier<List<AgentStatistics.Collector>> statistics;
  private final Supplier<List<DroppedEventsStatistics.Queue>> queues;
  private final Supplier<List<MessageStatistics.Stats>> messages;
  private final TransmitCounter transmitted;

  /**
   * @param statistics the collectors' current statistics, read on each collect
   * @param queues the spool's counters of events collected and dropped, per queue; empty for none
   * @param messages the counters of messages sent; empty for none
   */
  public HeartbeatCollector(
      CollectorContext ctx,
      Supplier<List<AgentStatistics.Collector>> statistics,
      Supplier<List<DroppedEventsStatistics.Queue>> queues,
      Supplier<List<MessageStatistics.Stats>> messages) {
    this.ctx = ctx;
    this.started = ctx.now();
    this.statistics = statistics;
    this.queues = queues;
    this.messages = messages;
    this.transmitted = new TransmitCounter(ctx);
  }

  @Override
  public String name() {
    return "heartbeat";
  }

  @Override
  public List<SecurityEvent> collect() {
    long uptime = Duration.between(started, ctx.now()).toSeconds();
    Heartbeat.Transmitted sent = transmitted.read();
    Heartbeat.Beat b = sent == null ? new Heartbeat.Beat(uptime, Map.of()) : new Heartbeat.Beat(uptime, Map.of(), sent);
    Heartbeat beat = new Heartbeat(ctx.header(), List.of(b));
    List<SecurityEvent> events = new ArrayList<>(List.of(beat, new AgentStatistics(ctx.header(), statistics.get())));
    List<DroppedEventsStatistics.Queue> dropped = queues.get();
    if (!dropped.isEmpty()) {
      events.add(new DroppedEventsStatistics(ctx.header(), dropped));
    }
    List<MessageStatistics.Stats> stats = messages.get();
    if (!stats.isEmpty()) {
      events.add(new MessageStatistics(ctx.header(), stats));
    }
    return events;
  }

  @Override
  public Map<String, String> details() {
    String why = transmitted.unavailable();
    return why == null ? Map.of() : Map.of("BytesSentUnavailable", why);
  }
}
