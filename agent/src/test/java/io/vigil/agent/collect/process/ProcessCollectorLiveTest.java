package io.vigil.agent.collect.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vigil.agent.collect.CollectorContext;
import io.vigil.agent.collect.CollectorUnavailableException;
import io.vigil.model.event.ProcessCreate;
import io.vigil.model.event.ProcessTerminate;
import io.vigil.model.event.SecurityEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The process collector against this host's real processes, with both sources. */
class ProcessCollectorLiveTest {
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final long JVM = ProcessHandle.current().pid();

  /** Everything the collector emitted, gathered across collect() calls. */
  private static final class Seen {
    final List<ProcessCreate.Process> created = new ArrayList<>();
    final List<ProcessTerminate.Process> exited = new ArrayList<>();

    void add(List<SecurityEvent> events) {
      for (SecurityEvent e : events) {
        switch (e) {
          case ProcessCreate c -> created.addAll(c.payload());
          case ProcessTerminate t -> exited.addAll(t.payload());
          default -> throw new AssertionError("unexpected event " + e);
        }
      }
    }
  }

  private static Optional<ProcessCreate.Process> awaitCreate(ProcessCollector c, Seen seen, Predicate<ProcessCreate.Process> which)
      throws Exception {
    Instant deadline = Instant.now().plus(PATIENCE);
    while (Instant.now().isBefore(deadline)) {
      seen.add(c.collect());
      Optional<ProcessCreate.Process> hit = seen.created.stream().filter(which).findFirst();
      if (hit.isPresent()) {
        return hit;
      }
      Thread.sleep(20);
    }
    return Optional.empty();
  }

  private static Optional<ProcessTerminate.Process> awaitExit(ProcessCollector c, Seen seen, long pid) throws Exception {
    Instant deadline = Instant.now().plus(PATIENCE);
    while (Instant.now().isBefore(deadline)) {
      seen.add(c.collect());
      Optional<ProcessTerminate.Process> hit = seen.exited.stream().filter(p -> p.processId() == pid).findFirst();
      if (hit.isPresent()) {
        return hit;
      }
      Thread.sleep(20);
    }
    return Optional.empty();
  }

  private static int uid() throws IOException {
    return (int) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
  }

  private static boolean root() throws IOException {
    return uid() == 0;
  }

  /** A shell that waits for its stdin to close, then exits with {@code status}; $0 is a unique marker. */
  private static Process shell(String marker, int status) throws IOException {
    return new ProcessBuilder("/bin/sh", "-c", "read x; exit " + status, marker).start();
  }

  private static String shellExe() throws IOException {
    return Path.of("/bin/sh").toRealPath().toString();
  }

  private static void assertCreated(ProcessCreate.Process p, Process shell, String marker, int status, String source)
      throws IOException {
    assertThat(p.processId()).isEqualTo(shell.pid());
    assertThat(p.parentProcessId()).isEqualTo(JVM);
    assertThat(p.executable()).isEqualTo(shellExe());
    assertThat(p.commandLine()).isEqualTo("/bin/sh -c read x; exit " + status + " " + marker);
    assertThat(p.userId()).isEqualTo(Integer.toString(uid()));
    assertThat(p.userName()).isEqualTo(System.getProperty("user.name"));
    assertThat(p.extraDetails())
        .containsEntry("Source", source)
        .containsEntry("CurrentDirectory", Path.of("").toAbsolutePath().toString())
        .containsEntry("ParentExecutable", ProcessHandle.current().info().command().orElseThrow())
        .doesNotContainKey("Incomplete")
        .containsKey("StartTime");
    Instant started = Instant.parse(p.extraDetails().get("StartTime"));
    assertThat(started).isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(1));
  }

  /** A started collector in Netlink mode, or the test is skipped saying why netlink is unavailable. */
  private static ProcessCollector netlink() throws Exception {
    ProcessCollector c = new ProcessCollector(CollectorContext.live(),
        new ProcessSettings(ProcessSettings.Mode.NETLINK, Duration.ofMillis(100), 50_000));
    try {
      assertThat(c.collect()).isEmpty();
    } catch (CollectorUnavailableException e) {
      assumeTrue(false, e.getMessage());
    }
    return c;
  }

  @Test
  void netlinkSeesCreateAndExitStatus() throws Exception {
    String marker = "vigil-netlink-" + UUID.randomUUID();
    try (ProcessCollector c = netlink()) {
      assertThat(c.activeSource()).contains(ProcessCollector.Source.NETLINK);
      assertThat(c.fallbackReason()).isEmpty();
      Seen seen = new Seen();
      Process shell = shell(marker, 7);
      ProcessCreate.Process created = awaitCreate(c, seen, p -> p.commandLine().contains(marker)).orElseThrow();
      assertCreated(created, shell, marker, 7, "Netlink");

      shell.getOutputStream().close();
      assertThat(shell.waitFor()).isEqualTo(7);
      ProcessTerminate.Process exited = awaitExit(c, seen, shell.pid()).orElseThrow();
      assertThat(exited.executable()).isEqualTo(shellExe());
      assertThat(exited.exitStatus()).isEqualTo(7);
      assertThat(exited.extraDetails()).containsExactlyInAnyOrderEntriesOf(Map.of("Source", "Netlink"));
    }
  }

  @Test
  void netlinkReportsTheKillingSignal() throws Exception {
    try (ProcessCollector c = netlink()) {
      Seen seen = new Seen();
      Process sleep = new ProcessBuilder("/bin/sleep", "600").start();
      awaitCreate(c, seen, p -> p.processId() == sleep.pid() && p.commandLine().equals("/bin/sleep 600")).orElseThrow();
      sleep.destroyForcibly().waitFor();
      ProcessTerminate.Process exited = awaitExit(c, seen, sleep.pid()).orElseThrow();
      assertThat(exited.executable()).isEqualTo(Path.of("/bin/sleep").toRealPath().toString());
      assertThat(exited.exitStatus()).isEqualTo(128 + 9);
      assertThat(exited.extraDetails()).containsEntry("Signal", "9").containsEntry("Source", "Netlink");
    }
  }

  @Test
  void pollingSeesCreateAndExit() throws Exception {
    String marker = "vigil-polling-" + UUID.randomUUID();
    try (ProcessCollector c = new ProcessCollector(CollectorContext.live(),
        new ProcessSettings(ProcessSettings.Mode.POLLING, Duration.ofMillis(20), 50_000))) {
      assertThat(c.collect()).isEmpty();
      assertThat(c.activeSource()).contains(ProcessCollector.Source.POLLING);
      assertThat(c.readerScheduling()).isEmpty();
      Seen seen = new Seen();
      Process shell = shell(marker, 3);
      ProcessCreate.Process created = awaitCreate(c, seen, p -> p.commandLine().contains(marker)).orElseThrow();
      assertCreated(created, shell, marker, 3, "Polling");

      shell.getOutputStream().close();
      assertThat(shell.waitFor()).isEqualTo(3);
      ProcessTerminate.Process exited = awaitExit(c, seen, shell.pid()).orElseThrow();
      assertThat(exited.executable()).isEqualTo(shellExe());
      assertThat(exited.exitStatus()).isEqualTo(-1);
      assertThat(exited.extraDetails()).containsExactlyInAnyOrderEntriesOf(
          Map.of("Source", "Polling", "ExitStatusKnown", "false"));
    }
  }

  @Test
  void autoModeCatchesEveryOneOf200ShortLivedProcesses() throws Exception {
    try (ProcessCollector c = new ProcessCollector(CollectorContext.live())) {
      c.collect();
      assumeTrue(c.activeSource().equals(Optional.of(ProcessCollector.Source.NETLINK)),
          () -> "Auto mode fell back to polling, which cannot promise every process: " + c.fallbackReason().orElse("?"));
      Set<Long> pids = new HashSet<>();
      for (int i = 0; i < 200; i++) {
        Process p = new ProcessBuilder("/bin/true", "vigil-e2e-" + i).start();
        pids.add(p.pid());
        p.waitFor();
      }
      Seen seen = new Seen();
      Instant deadline = Instant.now().plus(PATIENCE);
      Set<Long> missing = new HashSet<>(pids);
      while (!missing.isEmpty() && Instant.now().isBefore(deadline)) {
        seen.add(c.collect());
        seen.created.forEach(p -> missing.remove(p.processId()));
        Thread.sleep(20);
      }
      assertThat(missing).as("pids of the 200 processes never seen in a ProcessCreate").isEmpty();
      assertThat(c.statistics().dropped()).isZero();
    }
  }

  @Test
  void autoModeOnTheLiveRootAsRootUsesNetlink() throws Exception {
    assumeTrue(root(), "before Linux 6.6, and for SCHED_FIFO, Auto mode needs root");
    try (ProcessCollector c = new ProcessCollector(CollectorContext.live())) {
      assertThat(c.activeSource()).isEmpty();
      c.collect();
      assertThat(c.activeSource()).contains(ProcessCollector.Source.NETLINK);
      assertThat(c.fallbackReason()).isEmpty();
      assertThat(c.readerScheduling()).as("root has CAP_SYS_NICE").contains("SCHED_FIFO priority 1");
    }
  }

  @Test
  void closedCollectorSaysSo() throws Exception {
    ProcessCollector c = new ProcessCollector(CollectorContext.live(),
        new ProcessSettings(ProcessSettings.Mode.POLLING, Duration.ofMillis(100), 10));
    c.collect();
    c.close();
    assertThatThrownBy(c::collect)
        .isInstanceOf(CollectorUnavailableException.class)
        .hasMessage("the process collector is closed");
  }
}
