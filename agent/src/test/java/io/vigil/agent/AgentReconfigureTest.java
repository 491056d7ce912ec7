package io.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.agent.collect.Collector;
import io.vigil.agent.collect.CollectorContext;
import io.vigil.agent.collect.process.ProcessSettings;
import io.vigil.agent.config.AgentConfig;
import io.vigil.agent.config.ConfigKeys;
import io.vigil.agent.config.ConfigResolver;
import io.vigil.agent.config.RemoteConfig;
import io.vigil.agent.spool.DiskSpool;
import io.vigil.agent.spool.Priority;
import io.vigil.model.event.Diagnostic;
import io.vigil.model.event.SecurityEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Live reconfiguration: what restarts, what stops and starts, and that nothing held is lost. */
class AgentReconfigureTest {
  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
  private final CollectorContext ctx = new CollectorContext(Path.of("/"), Clock.fixed(NOW, ZoneOffset.UTC), ZoneOffset.UTC);
  private final ConfigKeys keys = ConfigKeys.forCollectors(CollectorRegistry.NAMES);
  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
  private final List<String> created = new ArrayList<>();
  private final List<Fake> fakes = new ArrayList<>();
  private final Map<String, AgentConfig> createdWith = new HashMap<>();
  @TempDir Path dir;
  private DiskSpool spool;
  private Agent agent;
  private RemoteConfig remote;

  /** A collector that holds one event until it is collected, and says when it is closed. */
  private final class Fake implements Collector {
    private final String name;
    boolean closed;
    int held = 1;

    Fake(String name) {
      this.name = name;
      fakes.add(this);
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public List<SecurityEvent> collect() {
      List<SecurityEvent> out = new ArrayList<>();
      for (; held > 0; held--) {
        out.add(new Diagnostic(ctx.header(), List.of(new Diagnostic.Entry(null, Diagnostic.Level.INFORMATION, name, 1, 1, Map.of()))));
      }
      return out;
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  @BeforeEach
  void start() throws Exception {
    AgentSettings base = AgentSettings.defaults(Path.of("/"));
    spool = DiskSpool.open(dir.resolve("spool"), base.spool());
    agent = new Agent(base, List.of(new Fake("process"), new Fake("network"), new Fake("sbom")), null, spool, Agent.agentId("dev-1"), ctx,
        new AgentLog(new PrintStream(logged, true), ctx.clock()));
    remote = new RemoteConfig(keys, new ConfigResolver(keys, AgentConfig.empty()));
    agent.followTwin(remote, base, (name, config) -> {
      created.add(name);
      createdWith.put(name, config);
      return new Fake(name);
    });
  }

  private void desired(Map<String, Object> properties, long version) {
    agent.reconfigure(remote.onDesired(properties, version, true).resolution(), NOW);
  }

  @Test
  void disablingStopsACollectorAndSpoolsWhatItHeld() {
    desired(Map.of("Sbom_Disabled", true, "Network_Interval", "PT9S"), 2);
    assertThat(agent.running()).containsExactly("process", "network", "heartbeat");
    assertThat(fakes.get(2).closed).isTrue();
    assertThat(spool.stats().of(Priority.LOW).appended()).isEqualTo(1); // sbom's held event
    assertThat(created).isEmpty();
    assertThat(agent.settings().interval("network")).isEqualTo(Duration.ofSeconds(9));
    assertThat(logged.toString()).contains("configuration (desired version 2) applied: sbom stopped");

    desired(Map.of("Network_Interval", "PT9S"), 3); // Sbom_Disabled removed: back to the default, enabled
    assertThat(agent.running()).containsExactly("process", "network", "sbom", "heartbeat");
    assertThat(created).containsExactly("sbom");
  }

  @Test
  void onlyTheCollectorWhoseSettingsChangedRestarts() {
    desired(Map.of("Process_Mode", "Polling", "Login_MessageFrequency", "Low"), 2);
    assertThat(created).containsExactly("process");
    assertThat(createdWith.get("process").process().mode()).isEqualTo(ProcessSettings.Mode.POLLING);
    assertThat(fakes.get(0).closed).isTrue();
    assertThat(fakes.get(1).closed).isFalse();
    assertThat(spool.stats().of(Priority.HIGH).appended()).isEqualTo(1); // process's held event, not lost
    assertThat(agent.running()).containsExactly("process", "network", "sbom", "heartbeat");

    desired(Map.of("Process_Mode", "Polling", "Login_MessageFrequency", "Low"), 3); // the same again: nothing restarts
    assertThat(created).containsExactly("process");
  }

  @Test
  void theHeartbeatsIntervalAndPriorityFollowToo() {
    desired(Map.of("Heartbeat_Interval", "PT60S", "Heartbeat_MessageFrequency", "High"), 2);
    assertThat(agent.settings().interval("heartbeat")).isEqualTo(Duration.ofSeconds(60));
    assertThat(agent.settings().priority("heartbeat")).isEqualTo(Priority.HIGH);
    assertThat(agent.running()).containsExactly("process", "network", "sbom", "heartbeat");
    assertThat(created).isEmpty();
  }

  @Test
  void anInvalidValueChangesNothingAndTheSpoolCapFollows() {
    desired(Map.of("Process_Mode", "Polling"), 2);
    desired(Map.of("Process_Mode", "Turbo", "Spool_MaxBytes", 100_000L), 3);
    assertThat(created).containsExactly("process");
    assertThat(agent.settings().spool().maxBytes()).isEqualTo(100_000L);
    assertThat(logged.toString()).contains("WARN  agent: configuration: Process_Mode: Process_Mode 'Turbo' is not one of"
        + " [Auto, Netlink, Polling]; the previous setting stays");
  }
}
