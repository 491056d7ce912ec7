package io.vigil.agent;

import io.vigil.agent.collect.process.PollingProcessSource;
import io.vigil.agent.transport.MqttTransport;
import io.vigil.agent.transport.TransportException;
import io.vigil.model.event.ProcessCreate;
import io.vigil.model.event.SecurityEvent;
import io.vigil.model.event.SecurityMessage;
import io.vigil.wire.SecurityMessageCodec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * The micro agent's main loop: polls the collectors, batches what they find, and sends it to the
 * hub, reconnecting with backoff while the hub is unreachable.
 *
 * <p>Runs on the calling thread. Pending events live in memory, bounded; the on-disk spool comes
 * with the agent runtime work.
 */
public final class Agent {
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private final AgentSettings settings;
  private final MqttTransport transport;
  private final Clock clock;
  private final AgentLog log;
  private final SecurityMessageCodec codec = new SecurityMessageCodec();
  private final MessageBuilder builder;
  private final PollingProcessSource processes;
  private final Deque<ProcessCreate.Process> pending = new ArrayDeque<>();
  private long dropped;

  public Agent(AgentSettings settings, MqttTransport transport, String agentId, Clock clock, AgentLog log) {
    this.settings = settings;
    this.transport = transport;
    this.clock = clock;
    this.log = log;
    this.builder = new MessageBuilder(agentId, version(), clock);
    this.processes = new PollingProcessSource(settings.root());
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

  /** The collectors {@link #collectOnce} knows. */
  public static final Set<String> COLLECTORS = Set.of("heartbeat", "process");

  /**
   * One collection round, as one message: a heartbeat and the processes running now, or the subset
   * named in {@code collectors}.
   *
   * @param collectors names from {@link #COLLECTORS}
   * @throws IllegalArgumentException naming an unknown collector
   * @throws IllegalStateException if the process collector is asked for and the root has no readable proc file system
   */
  public static SecurityMessage collectOnce(AgentSettings settings, String agentId, Clock clock, Set<String> collectors) {
    for (String c : collectors) {
      if (!COLLECTORS.contains(c)) {
        throw new IllegalArgumentException("unknown collector '" + c + "'; available: " + new TreeSet<>(COLLECTORS));
      }
    }
    MessageBuilder builder = new MessageBuilder(agentId, version(), clock);
    List<SecurityEvent> events = new ArrayList<>();
    if (collectors.contains("heartbeat")) {
      events.add(builder.heartbeat());
    }
    if (collectors.contains("process")) {
      PollingProcessSource source = new PollingProcessSource(settings.root());
      if (!source.available()) {
        throw new IllegalStateException("no readable proc file system under " + settings.root());
      }
      events.addAll(builder.processes(source.snapshot()));
    }
    if (events.isEmpty()) {
      throw new IllegalArgumentException("no collector selected");
    }
    return builder.message(events);
  }

  /**
   * Connects, then collects and sends until {@code keepRunning} turns false.
   *
   * @throws TransportException if the first connection is refused by the hub (bad credentials):
   *     retrying cannot help, so the caller should stop with the message
   */
  public void run(BooleanSupplier keepRunning) throws TransportException, InterruptedException {
    if (!processes.available()) {
      log.warn("process collector: no readable proc file system under " + settings.root() + "; process events are off");
    }
    connectFirst();
    processes.poll();
    Instant nextSend = clock.instant();
    Instant nextHeartbeat = clock.instant();
    Duration backoff = Duration.ofSeconds(1);
    Instant retryAt = Instant.MIN;
    while (keepRunning.getAsBoolean()) {
      collect();
      Instant now = clock.instant();
      if (!now.isBefore(nextSend) && !now.isBefore(retryAt)) {
        List<SecurityEvent> events = new ArrayList<>();
        if (!now.isBefore(nextHeartbeat)) {
          events.add(builder.heartbeat());
        }
        List<ProcessCreate.Process> batch = new ArrayList<>(pending);
        events.addAll(builder.processes(batch));
        try {
          send(events);
          pending.clear();
          if (!now.isBefore(nextHeartbeat)) {
            nextHeartbeat = now.plus(settings.heartbeatInterval());
          }
          backoff = Duration.ofSeconds(1);
        } catch (TransportException e) {
          log.warn(e.getMessage() + "; retrying in " + backoff.toSeconds() + " s");
          retryAt = now.plus(backoff);
          backoff = doubled(backoff);
        }
        nextSend = now.plus(settings.sendInterval());
      }
      Thread.sleep(settings.processPollInterval().toMillis());
    }
    transport.close();
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

  private void collect() {
    if (!processes.available()) {
      return;
    }
    for (ProcessCreate.Process p : processes.poll()) {
      if (pending.size() == settings.maxPendingEvents()) {
        pending.removeFirst();
        dropped++;
        if (dropped == 1 || dropped % 1000 == 0) {
          log.warn("hub unreachable and " + settings.maxPendingEvents() + " events pending: dropped " + dropped + " oldest so far");
        }
      }
      pending.addLast(p);
    }
  }

  private void send(List<SecurityEvent> events) throws TransportException {
    if (!transport.isConnected()) {
      transport.connect();
      log.info("reconnected to " + transport.uri());
    }
    for (SecurityMessage m : builder.messages(events)) {
      try {
        transport.publish(codec.encode(m));
      } catch (TransportException e) {
        if (e.retryable()) {
          throw e;
        }
        log.error(e.getMessage() + "; the message is dropped");
      }
    }
  }
}
