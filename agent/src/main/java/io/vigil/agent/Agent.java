package io.vigil.agent;

import io.vigil.agent.aggregate.Aggregator;
import io.vigil.agent.collect.Collector;
import io.vigil.agent.collect.CollectorContext;
import io.vigil.agent.collect.heartbeat.HeartbeatCollector;
import io.vigil.agent.config.AgentConfig;
import io.vigil.agent.config.ConfigResolver;
import io.vigil.agent.config.RemoteConfig;
import io.vigil.agent.spool.DiskSpool;
import io.vigil.agent.transport.MqttTransport;
import io.vigil.agent.transport.TransportException;
import io.vigil.agent.transport.TwinMessage;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * The micro agent's main loop: runs each collector at its interval, aggregates repeated events,
 * hands everything to the {@link Outbox} (the on-disk spool), and sends when events of some
 * priority have waited as long as that priority allows, reconnecting with exponential backoff (1 s
 * doubling to 30 s, with jitter) while the hub is unreachable. The heartbeat collector reports every collector's status and counters. When it
 * follows its twin ({@link #followTwin}), desired-property changes apply live: only the collectors
 * they concern restart, and nothing collected is lost.
 *
 * <p>Runs on the calling thread.
 */
public final class Agent implements AutoCloseable {
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private AgentSettings settings;
  private final MqttTransport transport;
  private final CollectorContext ctx;
  private final AgentLog log;
  private final MessagePacker packer;
  private final List<ScheduledCollector> scheduled;
  /** The spec names of the collectors this agent runs when they are not disabled. */
  private final Set<String> selected = new LinkedHashSet<>();
  private Aggregator aggregator;
  private RemoteConfig remote;
  /** The configuration in force, as last applied. */
  private AgentConfig applied;
  private AgentSettings baseSettings;
  private CollectorFactory factory;
  private final Outbox outbox;
  private final SelfFilter self = new SelfFilter(ProcessHandle.current().pid());
  private final java.util.SplittableRandom random = new java.util.SplittableRandom();

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
      selected.add(c.name());
      if (settings.disabled().contains(c.name())) {
        c.close();
      } else {
        all.add(new ScheduledCollector(c, settings.interval(c.name())));
      }
    }
    all.add(new ScheduledCollector(new HeartbeatCollector(ctx, this::statistics, this::queues, this::messages), settings.interval("heartbeat")));
    selected.add("heartbeat");
    this.scheduled = all;
    this.aggregator = new Aggregator(settings.aggregation(), ctx::header);
    this.outbox = spool == null ? null
        : new Outbox(spool, settings, packer, codec, version(), agentId, this::byName, log, ctx.now());
  }

  /** Builds a collector by spec name under a configuration, to restart it when its settings change. */
  @FunctionalInterface
  public interface CollectorFactory {
    Collector create(String name, AgentConfig config);
  }

  /**
   * Makes the agent follow its twin: desired properties arriving through the transport are
   * resolved by {@code remote}, applied live, and answered with reported properties.
   *
   * @param base the settings the configuration applies to (the defaults)
   */
  public void followTwin(RemoteConfig remote, AgentSettings base, CollectorFactory factory) {
    this.remote = remote;
    this.applied = remote.current();
    this.baseSettings = base;
    this.factory = factory;
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

  /** The settings in force. */
  AgentSettings settings() {
    return settings;
  }

  /** The spec names of the collectors running now, the heartbeat last. */
  List<String> running() {
    return scheduled.stream().map(ScheduledCollector::name).toList();
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
      if (remote != null) {
        followTwin(now);
      }
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
          Duration wait = jittered(backoff);
          log.warn(e.getMessage() + "; retrying in " + wait.toMillis() / 1000.0 + " s");
          retryAt = now.plus(wait);
          backoff = doubled(backoff);
        }
      }
      Thread.sleep(settings.tick().toMillis());
    }
    for (SecurityEvent e : aggregator.flushAll()) {
      outbox.add(new Pending(aggregateSource(e), e), ctx.now());
    }
  }

  /** Applies and answers what the hub sent on the twin topics since the last tick. */
  private void followTwin(Instant now) {
    for (TwinMessage m = transport.pollTwin(); m != null; m = transport.pollTwin()) {
      switch (m) {
        case TwinMessage.Desired d -> {
          RemoteConfig.Update u = remote.onDesired(d.properties(), d.version(), d.full());
          if (u.refetch()) {
            log.info("desired properties version " + d.version() + " skips one; asking for the whole twin");
            twinRequest(true, null);
          }
          if (u.resolution() != null) {
            reconfigure(u.resolution(), now);
            twinRequest(false, remote.reported(u.resolution()));
          }
        }
        case TwinMessage.Refused r -> log.warn("the hub refused twin request " + r.requestId() + " with status "
            + r.status() + ": " + r.body());
        case TwinMessage.Unreadable u -> log.warn("ignored a twin message on " + u.topic() + ": " + u.reason());
        case TwinMessage.Accepted a -> { }
      }
    }
  }

  /** Asks for the twin (get) or reports properties; a failure waits for the GET after the next connect. */
  private void twinRequest(boolean get, byte[] reported) {
    try {
      if (get) {
        transport.requestTwin();
      } else {
        transport.reportProperties(reported);
      }
    } catch (TransportException e) {
      log.warn("twin: " + e.getMessage() + "; it is sent again after the next connect");
    }
  }

  /**
   * Applies a new configuration: intervals, priorities, aggregation and the spool cap at once;
   * collectors disabled stop, enabled ones start, and those whose own settings changed restart.
   * What a stopping collector holds, and what the aggregator holds, goes to the spool first.
   */
  void reconfigure(ConfigResolver.Resolution resolution, Instant now) {
    AgentConfig previous = applied;
    AgentConfig next = resolution.config();
    AgentSettings nextSettings = next.apply(baseSettings, List.copyOf(selected));
    List<String> changed = new ArrayList<>();
    for (String name : selected) {
      ScheduledCollector sc = find(name);
      boolean run = !nextSettings.disabled().contains(name);
      if (sc != null && !run) {
        stop(sc, now);
        changed.add(name + " stopped");
      } else if (sc == null && run) {
        ScheduledCollector started = new ScheduledCollector(factory.create(name, next), nextSettings.interval(name));
        scheduled.add(scheduled.size() - 1, started);
        changed.add(name + " started");
      } else if (sc != null && remote.keys().restartNeeded(name, previous, next)) {
        drain(sc, now);
        sc.replace(factory.create(name, next));
        changed.add(name + " restarted");
      }
    }
    for (ScheduledCollector sc : scheduled) {
      sc.reschedule(nextSettings.interval(sc.name()), now);
    }
    if (!nextSettings.aggregation().equals(settings.aggregation())) {
      for (SecurityEvent e : aggregator.flushAll()) {
        outbox.add(new Pending(aggregateSource(e), e), now);
      }
      aggregator = new Aggregator(nextSettings.aggregation(), ctx::header);
    }
    outbox.settings(nextSettings);
    settings = nextSettings;
    applied = next;
    resolution.errors().forEach(err -> log.warn("configuration: " + err + "; the previous setting stays"));
    log.info("configuration (desired version " + remote.version() + ") applied"
        + (changed.isEmpty() ? "" : ": " + String.join(", ", changed)));
  }

  private ScheduledCollector find(String name) {
    for (ScheduledCollector sc : scheduled) {
      if (sc.name().equals(name)) {
        return sc;
      }
    }
    return null;
  }

  private void stop(ScheduledCollector sc, Instant now) {
    drain(sc, now);
    sc.close();
    scheduled.remove(sc);
  }

  private void drain(ScheduledCollector sc, Instant now) {
    for (SecurityEvent e : aggregator.offer(sc.name(), self.apply(sc.drain(now, log)), now)) {
      outbox.add(new Pending(sc, e), now);
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

  /**
   * Between half and all of {@code backoff}, at random, so that a fleet cut off together does not
   * reconnect together.
   */
  private Duration jittered(Duration backoff) {
    return Duration.ofMillis(backoff.toMillis() / 2 + random.nextLong(backoff.toMillis() / 2 + 1));
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
