package io.vigil.agent;

import io.vigil.agent.aggregate.Aggregator;
import io.vigil.agent.collect.Collector;
import io.vigil.agent.collect.CollectorContext;
import io.vigil.agent.collect.heartbeat.HeartbeatCollector;
import io.vigil.agent.spool.DiskSpool;
import io.vigil.agent.transport.MqttTransport;
import io.vigil.agent.transport.TransportException;
import io.vigil.model.event.AgentStatistics;
import io.vigil.model.event.DroppedEventsStatistics;
import io.vigil.model.event.MessageStatistics;
import io.vigil.model.event.SecurityEvent;
import io.vigil.model.event.SecurityMessage;
import io.vigil.wire.SecurityMessageCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * The micro agent's main loop: runs each collector at its interval, aggregates repeated events,
 * hands everything to the {@link Outbox} (the on-disk spool), and sends when events of some
 * priority have waited as long as that priority allows, reconnecting with backoff while the hub is
 * unreachable. The heartbeat collector reports every collector's status and counters.
 *
 * <p>Runs on the calling thread.
 */
public final class Agent implements AutoCloseable {
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private final AgentSettings settings;
  private final MqttTransport transport;
  private final CollectorContext ctx;
  private final AgentLog log;
  private final MessagePacker packer;
  private final List<ScheduledCollector> scheduled;
  private final Aggregator aggregator;
  private final Outbox outbox;
  private final SelfFilter self = new SelfFilter(ProcessHandle.current().pid());

  /**
   * @param collectors the collectors to run, except the heartbeat, which the agent adds; those in
   *     {@code settings.disabled()} are closed and not run
   * @param transport null for an agent that only collects (see {@link #collectOnce})
   * @param spool where events wait until the hub acknowledges them; null for an agent that only collects
   */
  public Agent(
      AgentSettings settings, List<Collector> collectors, MqttTransport transport, DiskSpool spool, String agentId,
      CollectorContext ctx, AgentLog log) {
    this.settings = settings;
    this.transport = transport;
    this.ctx = ctx;
    this.log = log;
    SecurityMessageCodec codec = new SecurityMessageCodec();
    this.packer = new MessagePacker(codec, version(), agentId, settings.maxMessageBytes());
    List<ScheduledCollector> all = new ArrayList<>();
    for (Collector c : collectors) {
      if (settings.disabled().contains(c.name())) {
        c.close();
      } else {
        all.add(new ScheduledCollector(c, settings.interval(c.name())));
      }
    }
    all.add(new ScheduledCollector(new HeartbeatCollector(ctx, this::statistics, this::queues, this::messages), settings.interval("heartbeat")));
    this.scheduled = List.copyOf(all);
    this.aggregator = new Aggregator(settings.aggregation(), ctx::header);
    this.outbox = spool == null ? null
        : new Outbox(spool, settings, packer, codec, version(), agentId, this::byName, log, ctx.now());
  }

  /** The agent's version, from its jar's manifest. */
  public static String version() {
    String v = Agent.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-dev" : v;
  }

  /** A stable agent id for a device on a host: the same across restarts. */
  public static String agentId(String deviceId) {
    return UUID.nameUUIDFromBytes(("vigil-agent|" + deviceId).getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** Every collector's status and counters now, the heartbeat's own included. */
  List<AgentStatistics.Collector> statistics() {
    return scheduled == null ? List.of() : scheduled.stream().map(ScheduledCollector::statistics).toList();
  }

  private List<DroppedEventsStatistics.Queue> queues() {
    return outbox == null ? List.of() : outbox.queues();
  }

  private List<MessageStatistics.Stats> messages() {
    return outbox == null ? List.of() : List.of(outbox.messageStatistics());
  }

  /** The scheduled collector named {@code name}; the heartbeat stands for collectors no longer running. */
  private ScheduledCollector byName(String name) {
    for (ScheduledCollector sc : scheduled) {
      if (sc.name().equals(name)) {
        return sc;
      }
    }
    return scheduled.getLast();
  }

  /**
   * One round of every enabled collector, packed into messages; the heartbeat runs last so that its
   * statistics show which collectors could not read their sources, and why.
   */
  public List<SecurityMessage> collectOnce() {
    Instant now = ctx.now();
    List<Pending> events = new ArrayList<>();
    for (ScheduledCollector sc : scheduled) {
      sc.runIfDue(now, log).forEach(e -> events.add(new Pending(sc, e)));
    }
    List<MessagePacker.Oversize> oversize = new ArrayList<>();
    List<SecurityMessage> messages = packer.pack(events, oversize).stream().map(MessagePacker.Packed::message).toList();
    oversize.forEach(o -> log.error(o.pending().source().name() + ": one " + o.pending().event().kind().eventName()
        + " item encodes to " + o.bytes() + " bytes, over the message limit; it is dropped"));
    return messages;
  }

  /**
   * Connects, then collects and sends until {@code keepRunning} turns false; then what the
   * aggregator still holds goes to the spool, for the next start.
   *
   * @throws TransportException if the first connection is refused by the hub (bad credentials):
   *     retrying cannot help, so the caller should stop with the message
   */
  public void run(BooleanSupplier keepRunning) throws TransportException, InterruptedException {
    connectFirst();
    boolean firstRound = true;
    Duration backoff = Duration.ofSeconds(1);
    Instant retryAt = Instant.MIN;
    while (keepRunning.getAsBoolean()) {
      Instant now = ctx.now();
      for (ScheduledCollector sc : scheduled) {
        for (SecurityEvent e : aggregator.offer(sc.name(), self.apply(sc.runIfDue(now, log)), now)) {
          outbox.add(new Pending(sc, e), now);
        }
      }
      for (SecurityEvent e : aggregator.flushDue(now)) {
        outbox.add(new Pending(aggregateSource(e), e), now);
      }
      // The first round (the initial snapshots) goes at once; then each priority waits its interval.
      if (!outbox.empty() && (firstRound || outbox.due(now)) && !now.isBefore(retryAt)) {
        try {
          if (!transport.isConnected()) {
            transport.connect();
            log.info("reconnected to " + transport.uri());
          }
          outbox.sendAll(transport);
          firstRound = false;
          backoff = Duration.ofSeconds(1);
        } catch (TransportException e) {
          log.warn(e.getMessage() + "; retrying in " + backoff.toSeconds() + " s");
          retryAt = now.plus(backoff);
          backoff = doubled(backoff);
        }
      }
      Thread.sleep(settings.tick().toMillis());
    }
    for (SecurityEvent e : aggregator.flushAll()) {
      outbox.add(new Pending(aggregateSource(e), e), ctx.now());
    }
  }

  /** The collector an aggregate is counted against: the one of its kind. */
  private ScheduledCollector aggregateSource(SecurityEvent e) {
    return byName(switch (e.kind()) {
      case PROCESS_CREATE -> "process";
      case CONNECTION_CREATE -> "network";
      default -> "heartbeat";
    });
  }

  /**
   * Connects once before collecting, so that bad credentials stop the agent at start with a clear
   * reason. A hub that cannot be reached does not: the agent collects anyway, and the events wait
   * in the spool until it can send.
   */
  private void connectFirst() throws TransportException {
    try {
      transport.connect();
      log.info("connected to " + transport.uri());
    } catch (TransportException e) {
      if (!e.retryable()) {
        throw e;
      }
      log.warn(e.getMessage() + "; collecting anyway: events wait in the spool until the hub can be reached");
    }
  }

  private static Duration doubled(Duration backoff) {
    Duration next = backoff.multipliedBy(2);
    return next.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : next;
  }

  /** Closes every collector, the transport and the spool. */
  @Override
  public void close() {
    scheduled.forEach(ScheduledCollector::close);
    if (transport != null) {
      transport.close();
    }
    if (outbox != null) {
      outbox.close();
    }
  }
}
