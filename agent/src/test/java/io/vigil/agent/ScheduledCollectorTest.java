package io.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.agent.collect.Collector;
import io.vigil.agent.collect.CollectorUnavailableException;
import io.vigil.model.event.AgentStatistics;
import io.vigil.model.event.SecurityEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduledCollectorTest {
  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
  private final AgentLog log = new AgentLog(new PrintStream(logged, true), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));

  private static Collector failing(RuntimeException defect) {
    return new Collector() {
      @Override
      public String name() {
        return "firewall";
      }

      @Override
      public List<SecurityEvent> collect() throws CollectorUnavailableException {
        if (defect != null) {
          throw defect;
        }
        throw new CollectorUnavailableException("no nft or iptables-save on PATH");
      }
    };
  }

  @Test
  void anUnreadableSourceIsReportedOnceAndRetriedAtItsInterval() {
    ScheduledCollector sc = new ScheduledCollector(failing(null), Duration.ofSeconds(10));
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    assertThat(sc.runIfDue(t, log)).isEmpty();
    assertThat(sc.runIfDue(t.plusSeconds(5), log)).isEmpty(); // not due
    assertThat(sc.runIfDue(t.plusSeconds(10), log)).isEmpty();
    assertThat(logged.toString().lines()).singleElement().asString()
        .endsWith("WARN  agent: firewall collector unavailable: no nft or iptables-save on PATH");
    AgentStatistics.Collector stats = sc.statistics();
    assertThat(stats.status()).isEqualTo(AgentStatistics.Status.UNAVAILABLE);
    assertThat(stats.reason()).isEqualTo("no nft or iptables-save on PATH");
  }

  @Test
  void aDefectInACollectorDoesNotEscape() {
    ScheduledCollector sc = new ScheduledCollector(failing(new IllegalStateException("boom")), Duration.ofSeconds(1));
    assertThat(sc.runIfDue(Instant.EPOCH, log)).isEmpty();
    assertThat(sc.statistics().reason()).isEqualTo("collector failed: java.lang.IllegalStateException: boom");
  }

  @Test
  void aCollectorsOwnCountersGoIntoItsStatistics() {
    Collector counting = new Collector() {
      @Override
      public String name() {
        return "process";
      }

      @Override
      public List<SecurityEvent> collect() {
        return List.of();
      }

      @Override
      public java.util.Map<String, String> details() {
        return java.util.Map.of("BufferDropped", "7");
      }
    };
    ScheduledCollector sc = new ScheduledCollector(counting, Duration.ofSeconds(1));
    sc.runIfDue(Instant.EPOCH, log);
    assertThat(sc.statistics().extraDetails()).containsEntry("BufferDropped", "7").containsEntry("IntervalSeconds", "1")
        .containsKey("CpuMillis");
  }
}
