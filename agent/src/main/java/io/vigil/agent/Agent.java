package io.vigil.agent;

import io.vigil.agent.aggregate.Aggregator;
import io.vigil.agent.collect.Collector;
import io.vigil.agent.collect.CollectorContext;
import io.vigil.agent.collect.heartbeat.HeartbeatCollector;
import io.vigil.agent.transport.MqttTransport;
import io.vigil.agent.transport.TransportException;
import io.vigil.model.event.AgentStatistics;
import io.vigil.model.event.SecurityEvent;
import io.vigil.model.event.SecurityMessage;
import io.vigil.wire.SecurityMessageCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * The micro agent's main loop: runs each collector at its interval, packs what they find into as
 * few messages as fit the hub's limit, and sends them, reconnecting with backoff while the hub is
 * unreachable. The heartbeat collector reports every collector's status and counters.
 *
 * <p>Runs on the calling thread. Pending events live in memory, bounded; the on-disk spool comes
 * with the agent runtime work.
 */
public final class Agent implements AutoCloseable {
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private final AgentSettings settings;
  private final MqttTransport transport;
  private final CollectorContext ctx;
  private final AgentLog log;
  private final SecurityMessageCodec codec = new SecurityMessageCodec();
  private final MessagePacker packer;
  private final List<ScheduledCollector> scheduled;
  private final Aggregator aggregator;
  private final Deque<Pending> pending = new ArrayDeque<>();

  /**
   * @param collectors the collectors to run, except the heartbeat, which the agent adds; those in
   *     {@code settings.disabled()} are closed and not run
   * @param transport null for an agent that only collects (see {@link #collectOnce})
   */
  public Agent(AgentSettings settings, List<Collector> collectors, MqttTransport transport, String agentId, CollectorContext ctx, AgentLog log) {
    this.settings = settings;
    this.transport = transport;
    this.ctx = ctx;
    this.log = log;
    this.packer = new MessagePacker(codec, version(), agentId, settings.maxMessageBytes());
    List<ScheduledCollector> all = new ArrayList<>();
    for (Collector c : collectors) {
      if (settings.disabled().contains(c.name())) {
        c.close();
      } else {
        all.add(new ScheduledCollector(c, settings.interval(c.name())));
      }
    }
    all.add(new ScheduledCollector(new HeartbeatCollector(ctx, this::statistics), settings.interval("heartbeat")));
    this.scheduled = List.copyOf(all);
    this.aggregator = new Aggregator(settings.aggregation(), ctx::header);
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
    oversize.forEach(o -> log.error(describe(o)));
    return messages;
  }

  /**
   * Connects, then collects and sends until {@code keepRunning} turns false.
   *
   * @throws TransportException if the first connection is refused by the hub (bad credentials):
   *     retrying cannot help, so the caller should stop with the message
   */
  public void run(BooleanSupplier keepRunning) throws TransportException, InterruptedException {
    connectFirst();
    Instant nextSend = ctx.now();
    Duration backoff = Duration.ofSeconds(1);
    Instant retryAt = Instant.MIN;
    while (keepRunning.getAsBoolean()) {
      Instant now = ctx.now();
      for (ScheduledCollector sc : scheduled) {
        for (SecurityEvent e : aggregator.offer(sc.name(), sc.runIfDue(now, log), now)) {
          enqueue(new Pending(sourceOf(e, sc), e));
        }
      }
      for (SecurityEvent e : aggregator.flushDue(now)) {
        enqueue(new Pending(sourceOf(e, null), e));
      }
      if (!pending.isEmpty() && !now.isBefore(nextSend) && !now.isBefore(retryAt)) {
        try {
          send();
          backoff = Duration.ofSeconds(1);
        } catch (TransportException e) {
          log.warn(e.getMessage() + "; retrying in " + backoff.toSeconds() + " s");
          retryAt = now.plus(backoff);
          backoff = doubled(backoff);
        }
        nextSend = now.plus(settings.sendInterval());
      }
      Thread.sleep(settings.tick().toMillis());
    }
  }

  /**
   * The collector an event is counted against: {@code offered} for what it returned; for an
   * aggregate, the collector of its kind.
   */
  private ScheduledCollector sourceOf(SecurityEvent e, ScheduledCollector offered) {
    if (offered != null) {
      return offered;
    }
    String name = switch (e.kind()) {
      case PROCESS_CREATE -> "process";
      case CONNECTION_CREATE -> "network";
      default -> null;
    };
    if (name != null) {
      for (ScheduledCollector sc : scheduled) {
        if (sc.name().equals(name)) {
          return sc;
        }
      }
    }
    return scheduled.getLast(); // the heartbeat: aggregates only come from process and network
  }

  private void enqueue(Pending p) {
    if (pending.size() == settings.maxPendingEvents()) {
      Pending oldest = pending.removeFirst();
      oldest.source().dropped(oldest.event());
      log.warn("hub unreachable and " + settings.maxPendingEvents() + " events pending: dropped the oldest, from "
          + oldest.source().name());
    }
    pending.addLast(p);
  }

  /** Sends everything pending; what was acknowledged leaves the queue even if a later message fails. */
  private void send() throws TransportException {
    if (!transport.isConnected()) {
      transport.connect();
      log.info("reconnected to " + transport.uri());
    }
    List<MessagePacker.Oversize> oversize = new ArrayList<>();
    List<MessagePacker.Packed> messages = packer.pack(new ArrayList<>(pending), oversize);
    pending.clear();
    for (MessagePacker.Oversize o : oversize) {
      o.pending().source().dropped(o.pending().event());
      log.error(describe(o));
    }
    for (int i = 0; i < messages.size(); i++) {
      MessagePacker.Packed m = messages.get(i);
      try {
        transport.publish(codec.encode(m.message()));
        m.parts().forEach(p -> p.source().sent(p.event()));
      } catch (TransportException e) {
        if (e.retryable()) {
          // Put back this message and the unsent rest, in order, for the next attempt.
          for (int j = messages.size() - 1; j >= i; j--) {
            List<Pending> parts = messages.get(j).parts();
            for (int k = parts.size() - 1; k >= 0; k--) {
              pending.addFirst(parts.get(k));
            }
          }
          throw e;
        }
        m.parts().forEach(p -> p.source().dropped(p.event()));
        log.error(e.getMessage() + "; the message is dropped");
      }
    }
  }

  private String describe(MessagePacker.Oversize o) {
    return o.pending().source().name() + ": one " + o.pending().event().kind().eventName() + " item encodes to "
        + o.bytes() + " bytes, over the " + settings.maxMessageBytes() + "-byte message limit; it is dropped";
  }

  private void connectFirst() throws TransportException, InterruptedException {
    Duration backoff = Duration.ofSeconds(1);
    while (true) {
      try {
        transport.connect();
        log.info("connected to " + transport.uri());
        return;
      } catch (TransportException e) {
        if (!e.retryable()) {
          throw e;
        }
        log.warn(e.getMessage() + "; retrying in " + backoff.toSeconds() + " s");
        Thread.sleep(backoff.toMillis());
        backoff = doubled(backoff);
      }
    }
  }

  private static Duration doubled(Duration backoff) {
    Duration next = backoff.multipliedBy(2);
    return next.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : next;
  }

  /** Closes every collector and the transport. */
  @Override
  public void close() {
    scheduled.forEach(ScheduledCollector::close);
    if (transport != null) {
      transport.close();
    }
  }
}
