package io.vigil.agent.collect.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.model.event.ProcessCreate;
import io.vigil.model.event.ProcessTerminate;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PollingProcessSourceTest {
  static final Instant BOOT = Instant.ofEpochSecond(1700000000);
  /** Process 4242 of the fixture "started", as the polling source reports it. */
  static final ProcessCreate.Process MINER = new ProcessCreate.Process("/tmp/.x/xmrig", 4242, 300, "1001", "svc",
      "/tmp/.x/xmrig -o stratum+tcp://pool.example:3333", Map.of(
          "ParentExecutable", "/usr/sbin/sshd",
          "CurrentDirectory", "/srv",
          "StartTime", BOOT.plusMillis(2500).toString(),
          "Source", "Polling"));
  /** Process 4243 of the fixture "started", a zombie: only stat and status are left. */
  static final ProcessCreate.Process ZOMBIE = new ProcessCreate.Process("[unknown]", 4243, 4242, "1001", "svc", "[curl]",
      Map.of(
          "ParentExecutable", "/tmp/.x/xmrig",
          "StartTime", BOOT.plusMillis(2600).toString(),
          "Source", "Polling",
          "Incomplete", "true"));

  @TempDir Path root;

  @BeforeEach
  void fixture() throws Exception {
    FixtureTree.copy("root", root);
  }

  @AfterEach
  void clean() {
    FixtureTree.clean(root);
  }

  @Test
  void firstPollLearnsThenReportsStartsAndExits() throws Exception {
    PollingProcessSource source = new PollingProcessSource(root);
    assertThat(source.available()).isTrue();
    assertThat(source.changes()).isEqualTo(new PollingProcessSource.Changes(List.of(), List.of()));

    FixtureTree.start("started", 4242, root);
    FixtureTree.start("started", 4243, root);
    PollingProcessSource.Changes changes = source.changes();
    assertThat(changes.started()).containsExactlyInAnyOrder(MINER, ZOMBIE);
    assertThat(changes.exited()).isEmpty();
    assertThat(source.changes()).isEqualTo(new PollingProcessSource.Changes(List.of(), List.of()));

    FixtureTree.stop(300, root); // known since the baseline
    FixtureTree.stop(4242, root);
    FixtureTree.stop(4243, root);
    FixtureTree.stop(2, root); // a kernel thread: never reported
    Map<String, String> unknownStatus = Map.of("Source", "Polling", "ExitStatusKnown", "false");
    assertThat(source.changes()).isEqualTo(new PollingProcessSource.Changes(List.of(), List.of(
        new ProcessTerminate.Process("/usr/sbin/sshd", 300, -1, unknownStatus),
        new ProcessTerminate.Process("/tmp/.x/xmrig", 4242, -1, unknownStatus),
        new ProcessTerminate.Process("[unknown]", 4243, -1, unknownStatus))));
  }

  @Test
  void pollReportsOnlyStarts() throws Exception {
    PollingProcessSource source = new PollingProcessSource(root);
    assertThat(source.poll()).isEmpty();
    FixtureTree.start("started", 4242, root);
    FixtureTree.stop(1, root);
    assertThat(source.poll()).containsExactly(MINER);
  }

  @Test
  void snapshotSkipsKernelThreads() {
    assertThat(new PollingProcessSource(root).snapshot())
        .extracting(ProcessCreate.Process::executable)
        .containsExactlyInAnyOrder("/usr/lib/systemd/systemd", "/usr/sbin/sshd");
  }

  @Test
  void snapshotReportsEveryField() {
    assertThat(new PollingProcessSource(root).snapshot()).contains(new ProcessCreate.Process(
        "/usr/lib/systemd/systemd", 1, 0, "0", "root", "/sbin/init splash", Map.of(
            "CurrentDirectory", "/",
            "StartTime", BOOT.plusMillis(120).toString(),
            "Source", "Polling")));
  }

  @Test
  void missingProcIsReportedAsUnavailable() {
    PollingProcessSource source = new PollingProcessSource(root.resolve("nowhere"));
    assertThat(source.available()).isFalse();
    assertThatThrownBy(source::changes)
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage("cannot list processes in " + root.resolve("nowhere/proc") + ": it does not exist");
  }

  @Test
  void catchesARealProcessOnThisHost() throws Exception {
    PollingProcessSource source = new PollingProcessSource(Path.of("/"));
    source.poll();
    Process sleep = new ProcessBuilder("sleep", "7.5").start();
    try {
      List<ProcessCreate.Process> seen = new ArrayList<>();
      Instant deadline = Instant.now().plus(Duration.ofSeconds(5));
      while (seen.stream().noneMatch(p -> p.processId() == sleep.pid()) && Instant.now().isBefore(deadline)) {
        seen.addAll(source.poll());
        Thread.sleep(50);
      }
      assertThat(seen).filteredOn(p -> p.processId() == sleep.pid()).singleElement().satisfies(p -> {
        assertThat(p.commandLine()).isEqualTo("sleep 7.5");
        assertThat(p.executable()).endsWith("/sleep");
        assertThat(p.parentProcessId()).isEqualTo(ProcessHandle.current().pid());
      });
    } finally {
      sleep.destroy();
    }
  }
}
