package io.vigil.agent;

import io.vigil.model.event.EventHeader;
import io.vigil.model.event.Heartbeat;
import io.vigil.model.event.ProcessCreate;
import io.vigil.model.event.SecurityEvent;
import io.vigil.model.event.SecurityMessage;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns collected items into security messages stamped with the agent's identity and the time. */
final class MessageBuilder {
  /** Payload items per event; keeps messages well under the hub's 256 KiB limit. */
  static final int ITEMS_PER_EVENT = 200;

  private final String agentId;
  private final String agentVersion;
  private final Clock clock;
  private final Instant started;

  MessageBuilder(String agentId, String agentVersion, Clock clock) {
    this.agentId = agentId;
    this.agentVersion = agentVersion;
    this.clock = clock;
    this.started = clock.instant();
  }

  EventHeader header() {
    Instant now = clock.instant();
    return EventHeader.at(now, ZoneId.systemDefault().getRules().getOffset(now));
  }

  Heartbeat heartbeat() {
    long uptime = java.time.Duration.between(started, clock.instant()).toSeconds();
    return new Heartbeat(header(), List.of(new Heartbeat.Beat(uptime, Map.of())));
  }

  /** One ProcessCreate event per {@link #ITEMS_PER_EVENT} processes. */
  List<SecurityEvent> processes(List<ProcessCreate.Process> processes) {
    List<SecurityEvent> events = new ArrayList<>();
    for (int i = 0; i < processes.size(); i += ITEMS_PER_EVENT) {
      events.add(new ProcessCreate(header(), processes.subList(i, Math.min(processes.size(), i + ITEMS_PER_EVENT))));
    }
    return events;
  }

  /** One message per event, so that each stays small and a refused one costs only itself. */
  List<SecurityMessage> messages(List<SecurityEvent> events) {
    return events.stream().map(e -> SecurityMessage.of(agentVersion, agentId, List.of(e))).toList();
  }

  /** All events in one message, for printing. */
  SecurityMessage message(List<SecurityEvent> events) {
    return SecurityMessage.of(agentVersion, agentId, events);
  }
}
