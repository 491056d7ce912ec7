package io.vigil.agent;

import io.vigil.agent.spool.DiskSpool;
import io.vigil.agent.spool.Priority;
import io.vigil.agent.transport.MqttTransport;
import io.vigil.agent.transport.TransportException;
import io.vigil.model.event.DroppedEventsStatistics;
import io.vigil.model.event.MessageStatistics;
import io.vigil.model.event.SecurityEvent;
import io.vigil.model.event.SecurityMessage;
import io.vigil.wire.SecurityMessageCodec;
import io.vigil.wire.WireException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Collected events on their way to the hub: each waits in the on-disk spool, by its collector's
 * priority, until the hub acknowledges the message that carries it. Nothing is lost while the hub
 * is unreachable, across restarts or in a crash; delivery is at least once, and the hub drops
 * duplicates by event id. Each message goes gzip-compressed when that is smaller ({@link
 * MessagePacker#body}), and {@code BytesSent} counts what went.
 *
 * <p>Used by the agent thread only.
 */
final class Outbox {
  private final DiskSpool spool;
  private AgentSettings settings;
  private final MessagePacker packer;
  private final SecurityMessageCodec codec;
  private final String agentVersion;
  private final String agentId;
  private final Function<String, ScheduledCollector> collectors;
  private final AgentLog log;
  /** Since when events of each priority have waited, unsent. */
  private final Map<Priority, Instant> waitingSince = new EnumMap<>(Priority.class);
  private long messagesSent;
  private long messagesUnder4Kb;
  private long messagesFailed;
  private long bytesSent;

  /**
   * @param collectors the scheduled collector of a name, for its counters
   */
  Outbox(DiskSpool spool, AgentSettings settings, MessagePacker packer, SecurityMessageCodec codec, String agentVersion,
      String agentId, Function<String, ScheduledCollector> collectors, AgentLog log, Instant now) {
    this.spool = spool;
    this.settings = settings;
    this.packer = packer;
    this.codec = codec;
    this.agentVersion = agentVersion;
    this.agentId = agentId;
    this.collectors = collectors;
    this.log = log;
    spool.recoveryProblems().forEach(p -> log.warn("spool: " + p));
    // What waited in the spool from before a restart is due at once.
    for (Priority p : Priority.values()) {
      if (spool.stats().of(p).pendingRecords() > 0) {
        waitingSince.put(p, now.minus(settings.priorityIntervals().get(p)));
      }
    }
  }

  /**
   * Follows new settings: priorities and their intervals at once, and the spool's new cap (a lower
   * one drops the oldest low-priority records now, counted).
   */
  void settings(AgentSettings next) {
    if (next.spool().maxBytes() != settings.spool().maxBytes()) {
      try {
        spool.setMaxBytes(next.spool().maxBytes());
      } catch (IOException e) {
        log.error("spool: changing the cap to " + next.spool().maxBytes() + " bytes failed: " + e.getMessage());
      }
    }
    settings = next;
  }

  /** Writes an event to the spool, split first if it is too large for one message. */
  void add(Pending p, Instant now) {
    List<MessagePacker.Oversize> oversize = new ArrayList<>();
    Priority priority = settings.priority(p.source().name());
    for (Pending piece : packer.fitting(List.of(p), oversize)) {
      byte[] message = codec.encode(SecurityMessage.of(agentVersion, agentId, List.of(piece.event())));
      try {
        if (spool.append(priority, new SpoolRecord(piece.source().name(), message).bytes()).isPresent()) {
          waitingSince.putIfAbsent(priority, now);
        } else {
          piece.source().dropped(piece.event());
          log.warn("spool: full of records of a higher priority than " + priority + "; a " + piece.source().name() + " "
              + piece.event().kind().eventName() + " is dropped (counted in DroppedEventsStatistics)");
        }
      } catch (IllegalArgumentException | IOException e) {
        piece.source().dropped(piece.event());
        log.error("spool: " + e.getMessage());
      }
    }
    for (MessagePacker.Oversize o : oversize) {
      o.pending().source().dropped(o.pending().event());
      log.error(o.pending().source().name() + ": one " + o.pending().event().kind().eventName() + " item encodes to "
          + o.bytes() + " bytes, over the " + settings.maxMessageBytes() + "-byte message limit; it is dropped");
    }
  }

  /** True if events of some priority have waited as long as that priority allows. */
  boolean due(Instant now) {
    for (Map.Entry<Priority, Instant> w : waitingSince.entrySet()) {
      Duration allowed = settings.priorityIntervals().get(w.getKey());
      if (!now.isBefore(w.getValue().plus(allowed))) {
        return true;
      }
    }
    return false;
  }

  /** True if nothing waits. */
  boolean empty() {
    return waitingSince.isEmpty();
  }

  /**
   * Sends everything in the spool, one well-filled message at a time, oldest first. A message the
   * hub refuses (retrying cannot help) leaves the spool too, counted as dropped.
   *
   * @throws TransportException (retryable) if the hub cannot be reached; what was not acknowledged stays
   */
  void sendAll(MqttTransport transport) throws TransportException {
    while (true) {
      List<DiskSpool.Entry> entries;
      try {
        entries = spool.peek(1000, settings.maxMessageBytes());
      } catch (IOException e) {
        throw new TransportException("reading the spool failed: " + e.getMessage(), true, e);
      }
      if (entries.isEmpty()) {
        waitingSince.clear();
        return;
      }
      List<Pending> parts = new ArrayList<>();
      List<Long> seqs = new ArrayList<>();
      if (!readBack(entries, parts, seqs)) {
        continue;
      }
      MessagePacker.Packed first = packer.pack(parts, new ArrayList<>()).getFirst();
      byte[] payload = MessagePacker.body(codec.encode(first.message()));
      try {
        transport.publish(payload);
        first.parts().forEach(p -> p.source().sent(p.event()));
        messagesSent++;
        bytesSent += payload.length;
        if (payload.length < 4096) {
          messagesUnder4Kb++;
        }
      } catch (TransportException e) {
        messagesFailed++;
        if (e.retryable()) {
          throw e;
        }
        first.parts().forEach(p -> p.source().dropped(p.event()));
        log.error(e.getMessage() + "; the message is dropped");
      }
      acknowledge(seqs.get(first.parts().size() - 1));
    }
  }

  /**
   * Decodes spooled records into events, in order. A record that cannot be read back is
   * acknowledged (dropped) with an error, and false is returned so that the caller peeks again.
   */
  private boolean readBack(List<DiskSpool.Entry> entries, List<Pending> parts, List<Long> seqs) throws TransportException {
    for (DiskSpool.Entry entry : entries) {
      try {
        SpoolRecord record = SpoolRecord.of(entry.record());
        ScheduledCollector source = collectors.apply(record.collector());
        for (SecurityEvent e : codec.decode(record.message()).events()) {
          parts.add(new Pending(source, e));
          seqs.add(entry.seq());
        }
      } catch (IllegalArgumentException | WireException e) {
        if (parts.isEmpty()) {
          log.error("spool: record " + entry.seq() + " cannot be read back (" + e.getMessage() + "); it is dropped");
          acknowledge(entry.seq());
          return false;
        }
        return true; // send what precedes it first; it comes first at the next peek
      }
    }
    return true;
  }

  private void acknowledge(long seq) throws TransportException {
    try {
      spool.acknowledge(seq);
    } catch (IOException e) {
      throw new TransportException("recording the hub's acknowledgement in the spool failed: " + e.getMessage(), true, e);
    }
  }

  /** The spool's counters as the schema's two queues: High, and Low for Medium and Low together. */
  List<DroppedEventsStatistics.Queue> queues() {
    DiskSpool.Stats stats = spool.stats();
    DiskSpool.PriorityStats high = stats.of(Priority.HIGH);
    DiskSpool.PriorityStats medium = stats.of(Priority.MEDIUM);
    DiskSpool.PriorityStats low = stats.of(Priority.LOW);
    return List.of(
        new DroppedEventsStatistics.Queue(DroppedEventsStatistics.QueueName.HIGH, high.appended(), high.dropped(), Map.of()),
        new DroppedEventsStatistics.Queue(DroppedEventsStatistics.QueueName.LOW, medium.appended() + low.appended(),
            medium.dropped() + low.dropped(), Map.of("MediumDropped", Long.toString(medium.dropped()))));
  }

  /**
   * What was sent: the schema's counters, with the bytes of the message bodies as sent (gzip or
   * plain, MQTT framing not included) in ExtraDetails {@code BytesSent}; MessagesUnder4KB counts
   * the bodies under 4 KB as sent.
   */
  MessageStatistics.Stats messageStatistics() {
    return new MessageStatistics.Stats(messagesSent, messagesUnder4Kb, messagesFailed, Map.of("BytesSent", Long.toString(bytesSent)));
  }

  void close() {
    try {
      spool.close();
    } catch (IOException e) {
      log.error("closing the spool failed: " + e.getMessage());
    }
  }
}
