package io.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.event.EventHeader;
import io.vigil.model.event.Heartbeat;
import io.vigil.model.event.ProcessCreate;
import io.vigil.model.event.ProcessTerminate;
import io.vigil.model.event.SecurityEvent;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SelfFilterTest {
  private static final EventHeader H = EventHeader.at(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  private static final long AGENT = 500;

  private static ProcessCreate.Process started(long pid, long ppid, String cmd) {
    return new ProcessCreate.Process("/usr/bin/x", pid, ppid, "0", "root", cmd, Map.of());
  }

  @Test
  void theAgentsOwnChildrenAndTheirExitsAreDropped() {
    SelfFilter filter = new SelfFilter(AGENT);
    List<SecurityEvent> created = filter.apply(List.of(new ProcessCreate(H, List.of(
        started(600, 1, "sshd"), started(601, AGENT, "journalctl -o json"), started(602, 1, "xmrig"), started(603, AGENT, "nft")))));
    assertThat(created).flatExtracting(e -> ((ProcessCreate) e).payload()).extracting(ProcessCreate.Process::commandLine)
        .containsExactly("sshd", "xmrig");
    List<SecurityEvent> exited = filter.apply(List.of(new ProcessTerminate(H, List.of(
        new ProcessTerminate.Process("/usr/bin/journalctl", 601, 0, Map.of()),
        new ProcessTerminate.Process("/usr/sbin/sshd", 600, 0, Map.of())))));
    assertThat(exited).flatExtracting(e -> ((ProcessTerminate) e).payload()).extracting(ProcessTerminate.Process::processId)
        .containsExactly(600L);
  }

  @Test
  void eventsWithNothingOfTheAgentPassUnchanged() {
    SelfFilter filter = new SelfFilter(AGENT);
    ProcessCreate others = new ProcessCreate(H, List.of(started(600, 1, "sshd")));
    Heartbeat beat = new Heartbeat(H, List.of(new Heartbeat.Beat(1, Map.of())));
    assertThat(filter.apply(List.of(others, beat))).containsExactly(others, beat);
    assertThat(filter.apply(List.of(new ProcessCreate(H, List.of(started(700, AGENT, "nft")))))).isEmpty();
  }

  @Test
  void aPidOfAnExitedChildThatIsReusedIsReportedAgain() {
    SelfFilter filter = new SelfFilter(AGENT);
    filter.apply(List.of(new ProcessCreate(H, List.of(started(601, AGENT, "nft"), started(602, AGENT, "journalctl")))));
    filter.apply(List.of(new ProcessTerminate(H, List.of(new ProcessTerminate.Process("/usr/sbin/nft", 601, 0, Map.of())))));
    // 601 exited (its exit dropped); 602's exit was not seen. Both pids go to other processes.
    List<SecurityEvent> reused = filter.apply(List.of(
        new ProcessCreate(H, List.of(started(601, 1, "xmrig"), started(602, 1, "curl"))),
        new ProcessTerminate(H, List.of(
            new ProcessTerminate.Process("/tmp/xmrig", 601, 0, Map.of()),
            new ProcessTerminate.Process("/usr/bin/curl", 602, 0, Map.of())))));
    assertThat(reused).hasSize(2);
    assertThat(((ProcessCreate) reused.get(0)).payload()).extracting(ProcessCreate.Process::processId).containsExactly(601L, 602L);
    assertThat(((ProcessTerminate) reused.get(1)).payload()).extracting(ProcessTerminate.Process::processId)
        .containsExactly(601L, 602L);
  }
}
