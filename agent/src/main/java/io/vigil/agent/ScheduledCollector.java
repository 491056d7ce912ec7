package io.vigil.agent;

import io.vigil.agent.collect.Collector;
import io.vigil.agent.collect.CollectorUnavailableException;
import io.vigil.model.event.AgentStatistics;
import io.vigil.model.event.SecurityEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A collector with its interval and its counters: items collected, sent and dropped, the CPU time
 * its rounds took on the agent thread, and whether its source can be read. Used by the agent
 * thread only.
 */
final class ScheduledCollector implements AutoCloseable {
  private Collector collector;
  private Duration interval;
  private Instant due = Instant.MIN;
  private long collected;
  private long sent;
  private long dropped;
  private long cpuNanos;
  private String unavailableReason;

  ScheduledCollector(Collector collector, Duration interval) {
    this.collector = collector;
    this.interval = interval;
  }

  String name() {
    return collector.name();
  }

  Collector collector() {
    return collector;
  }

  /** Runs at {@code newInterval} from now on; the next run keeps its time if that is sooner. */
  void reschedule(Duration newInterval, Instant now) {
    if (!newInterval.equals(interval)) {
      interval = newInterval;
      Instant next = now.plus(newInterval);
      if (next.isBefore(due)) {
        due = next;
      }
    }
  }

  /** Closes the collector and runs {@code replacement} in its place from now on, keeping the counters. */
  void replace(Collector replacement) {
    collector.close();
    collector = replacement;
    due = Instant.MIN;
    unavailableReason = null;
  }

  /** Runs the collector now whatever its interval: what it holds is not lost when it stops. */
  List<SecurityEvent> drain(Instant now, AgentLog log) {
    due = Instant.MIN;
    return runIfDue(now, log);
  }

  /**
   * Runs the collector if it is due. A source that cannot be read is logged when its reason first
   * appears or changes, and tried again at the next interval; nothing escapes.
   */
  List<SecurityEvent> runIfDue(Instant now, AgentLog log) {
    if (now.isBefore(due)) {
      return List.of();
    }
    due = now.plus(interval);
    long cpuBefore = ThreadCpu.nanos();
    try {
      List<SecurityEvent> events = collector.collect();
      if (unavailableReason != null) {
        log.info(name() + " collector: source readable again");
        unavailableReason = null;
      }
      collected += items(events);
      return events;
    } catch (CollectorUnavailableException e) {
      if (!e.getMessage().equals(unavailableReason)) {
        log.warn(name() + " collector unavailable: " + e.getMessage());
      }
      unavailableReason = e.getMessage();
    } catch (RuntimeException e) {
      // A defect in one collector must not stop the others: report it like an unreadable source.
      String reason = "collector failed: " + e;
      if (!reason.equals(unavailableReason)) {
        log.error(name() + " " + reason);
      }
      unavailableReason = reason;
    } finally {
      long cpuAfter = ThreadCpu.nanos();
      if (cpuBefore >= 0 && cpuAfter >= cpuBefore) {
        cpuNanos += cpuAfter - cpuBefore;
      }
    }
    return List.of();
  }

  void sent(SecurityEvent e) {
    sent += e.payload().size();
  }

  void dropped(SecurityEvent e) {
    dropped += e.payload().size();
  }

  long droppedCount() {
    return dropped;
  }

  AgentStatistics.Collector statistics() {
    return new AgentStatistics.Collector(name(),
        unavailableReason == null ? AgentStatistics.Status.OK : AgentStatistics.Status.UNAVAILABLE,
        collected, sent, dropped, unavailableReason, details());
  }

  private Map<String, String> details() {
    Map<String, String> out = new java.util.TreeMap<>(collector.details());
    out.put("IntervalSeconds", Long.toString(interval.toSeconds()));
    out.put("CpuMillis", Long.toString(cpuNanos / 1_000_000));
    return out;
  }

  static long items(List<SecurityEvent> events) {
    return events.stream().mapToLong(e -> e.payload().size()).sum();
  }

  @Override
  public void close() {
    collector.close();
  }
}
