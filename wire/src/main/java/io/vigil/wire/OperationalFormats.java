package io.vigil.wire;

import io.vigil.model.event.AgentStatistics;
import io.vigil.model.event.ConfigurationError;
import io.vigil.model.event.Diagnostic;
import io.vigil.model.event.DroppedEventsStatistics;
import io.vigil.model.event.Heartbeat;
import io.vigil.model.event.HubOperation;
import io.vigil.model.event.MessageStatistics;

/**
 * Payload items about the agent and the hub themselves: Diagnostic, ConfigurationError,
 * DroppedEventsStatistics and MessageStatistics (schema v1.0), Heartbeat, HubOperation and
 * AgentStatistics (Vigil additions).
 */
final class OperationalFormats {
  private OperationalFormats() {}

  static final ItemFormat<Diagnostic.Entry> DIAGNOSTIC = new ItemFormat<>(
      in -> {
        var correlationId = in.optionalGuid("CorrelationId");
        var severity = in.enumeration("Severity", Diagnostic.Level.class);
        var message = in.string("Message");
        var processId = in.integer("ProcessId");
        var threadId = in.integer("ThreadId");
        var extra = in.extraDetails();
        return in.build(() -> new Diagnostic.Entry(correlationId, severity, message, processId, threadId, extra));
      },
      (item, out) -> {
        out.guid("CorrelationId", item.correlationId());
        out.enumeration("Severity", item.severity());
        out.string("Message", item.message());
        out.integer("ProcessId", item.processId());
        out.integer("ThreadId", item.threadId());
        out.extraDetails(item.extraDetails());
      });

  static final ItemFormat<ConfigurationError.Entry> CONFIGURATION_ERROR = new ItemFormat<>(
      in -> {
        var configurationName = in.string("ConfigurationName");
        var errorType = in.enumeration("ErrorType", ConfigurationError.ErrorType.class);
        var usedConfiguration = in.string("UsedConfiguration");
        var message = in.string("Message");
        var extra = in.extraDetails();
        return in.build(() -> new ConfigurationError.Entry(configurationName, errorType, usedConfiguration, message, extra));
      },
      (item, out) -> {
        out.string("ConfigurationName", item.configurationName());
        out.enumeration("ErrorType", item.errorType());
        out.string("UsedConfiguration", item.usedConfiguration());
        out.string("Message", item.message());
        out.extraDetails(item.extraDetails());
      });

  static final ItemFormat<DroppedEventsStatistics.Queue> DROPPED_EVENTS_STATISTICS = new ItemFormat<>(
      in -> {
        var queue = in.enumeration("Queue", DroppedEventsStatistics.QueueName.class);
        var collected = in.integer("CollectedEvents");
        var dropped = in.integer("DroppedEvents");
        var extra = in.extraDetails();
        return in.build(() -> new DroppedEventsStatistics.Queue(queue, collected, dropped, extra));
      },
      (item, out) -> {
        out.enumeration("Queue", item.queue());
        out.integer("CollectedEvents", item.collectedEvents());
        out.integer("DroppedEvents", item.droppedEvents());
        out.extraDetails(item.extraDetails());
      });

  static final ItemFormat<MessageStatistics.Stats> MESSAGE_STATISTICS = new ItemFormat<>(
      in -> {
        var sent = in.integer("MessagesSent");
        var under4Kb = in.integer("MessagesUnder4KB");
        var failed = in.integer("TotalFailed");
        var extra = in.extraDetails();
        return in.build(() -> new MessageStatistics.Stats(sent, under4Kb, failed, extra));
      },
      (item, out) -> {
        out.integer("MessagesSent", item.messagesSent());
        out.integer("MessagesUnder4KB", item.messagesUnder4Kb());
        out.integer("TotalFailed", item.totalFailed());
        out.extraDetails(item.extraDetails());
      });

  static final ItemFormat<Heartbeat.Beat> HEARTBEAT = new ItemFormat<>(
      in -> {
        var uptime = in.integer("UptimeSeconds");
        var extra = in.extraDetails();
        return in.build(() -> new Heartbeat.Beat(uptime, extra));
      },
      (item, out) -> {
        out.integer("UptimeSeconds", item.uptimeSeconds());
        out.extraDetails(item.extraDetails());
      });

  static final ItemFormat<HubOperation.Operation> HUB_OPERATION = new ItemFormat<>(
      in -> {
        var operation = in.string("Operation");
        var result = in.string("Result");
        var protocol = in.optionalString("Protocol");
        var sourceIp = in.optionalIp("SourceIp");
        var extra = in.extraDetails();
        return in.build(() -> new HubOperation.Operation(operation, result, protocol, sourceIp, extra));
      },
      (item, out) -> {
        out.string("Operation", item.operation());
        out.string("Result", item.result());
        out.string("Protocol", item.protocol());
        out.ip("SourceIp", item.sourceIp());
        out.extraDetails(item.extraDetails());
      });

  static final ItemFormat<AgentStatistics.Collector> AGENT_STATISTICS = new ItemFormat<>(
      in -> {
        var name = in.string("Name");
        var status = in.enumeration("Status", AgentStatistics.Status.class);
        var collected = in.integer("Collected");
        var sent = in.integer("Sent");
        var dropped = in.integer("Dropped");
        var reason = in.optionalString("Reason");
        var extra = in.extraDetails();
        return in.build(() -> new AgentStatistics.Collector(name, status, collected, sent, dropped, reason, extra));
      },
      (item, out) -> {
        out.string("Name", item.name());
        out.enumeration("Status", item.status());
        out.integer("Collected", item.collected());
        out.integer("Sent", item.sent());
        out.integer("Dropped", item.dropped());
        out.string("Reason", item.reason());
        out.extraDetails(item.extraDetails());
      });
}
