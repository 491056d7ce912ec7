package io.vigil.agent.collect.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.event.ProcessCreate;
import io.vigil.model.event.ProcessTerminate;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The netlink source's event handling on the fixture tree: what it makes of exec, fork and exit. */
class ProcEventHandlerTest {
  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
  private static final Map<String, String> NETLINK = Map.of("Source", "Netlink");

  @TempDir Path root;
  private final ChangeBuffer buffer = new ChangeBuffer(100);
  private ProcEventHandler handler;

  @BeforeEach
  void fixture() throws Exception {
    FixtureTree.copy("root", root);
    FixtureTree.start("started", 4242, root);
    handler = new ProcEventHandler(new ProcReader(root), buffer, Clock.fixed(NOW, ZoneOffset.UTC));
    handler.rememberExisting();
  }

  @AfterEach
  void clean() {
    FixtureTree.clean(root);
  }

  private List<ProcessChange> drained() {
    List<ProcessChange> all = buffer.drain();
    assertThat(all).allSatisfy(c -> assertThat(c.at()).isEqualTo(NOW));
    return all;
  }

  private static ProcessChange.Exited exit(String exe, long pid, long status, Map<String, String> extra) {
    return new ProcessChange.Exited(NOW, new ProcessTerminate.Process(exe, pid, status, extra));
  }

  @Test
  void execReadsTheProcessAtOnce() {
    handler.handle(new ProcEvent.Fork(300, 300, 4242, 4242, 1));
    handler.handle(new ProcEvent.Exec(4242, 4242, 2));
    Map<String, String> extra = new java.util.HashMap<>(PollingProcessSourceTest.MINER.extraDetails());
    extra.put("Source", "Netlink");
    ProcessCreate.Process m = PollingProcessSourceTest.MINER;
    assertThat(drained()).containsExactly(new ProcessChange.Started(NOW, new ProcessCreate.Process(
        m.executable(), m.processId(), m.parentProcessId(), m.userId(), m.userName(), m.commandLine(), extra)));
  }

  @Test
  void aProcessGoneBeforeItsExecIsReadIsReportedIncomplete() {
    handler.handle(new ProcEvent.Exec(4242, 4242, 2));
    handler.handle(new ProcEvent.Fork(4242, 4242, 5000, 5000, 3_000_000_000L));
    handler.handle(new ProcEvent.Exec(5000, 5000, 3_500_000_000L)); // no proc/5000
    handler.handle(new ProcEvent.Exit(5000, 5000, 7 << 8, 4242, 4_000_000_000L));
    List<ProcessChange> changes = drained();
    assertThat(changes).hasSize(3);
    assertThat(changes.get(1)).isEqualTo(new ProcessChange.Started(NOW, new ProcessCreate.Process(
        "[unknown]", 5000, 4242, "", null, "", Map.of(
            "ParentExecutable", "/tmp/.x/xmrig",
            "StartTime", "2023-11-14T22:13:23.500Z",
            "Source", "Netlink",
            "Incomplete", "true"))));
    assertThat(changes.get(2)).isEqualTo(exit("[unknown]", 5000, 7, NETLINK));
  }

  @Test
  void exitsCarryTheStatusAndTheRememberedExecutable() {
    handler.handle(new ProcEvent.Exec(4242, 4242, 2));
    buffer.drain();
    handler.handle(new ProcEvent.Exit(4244, 4242, 0, 300, 5)); // a thread of 4242: not a process exit
    handler.handle(new ProcEvent.Exit(4242, 4242, 9, 300, 6)); // SIGKILL
    handler.handle(new ProcEvent.Exit(300, 300, 0x86, 1, 7)); // SIGABRT with a core; known from before the start
    handler.handle(new ProcEvent.Fork(1, 1, 301, 301, 8)); // forked, never exec'd: still systemd
    handler.handle(new ProcEvent.Fork(1, 1, 302, 1, 9)); // a thread of 1
    handler.handle(new ProcEvent.Exit(301, 301, 1 << 8, 1, 10));
    handler.handle(new ProcEvent.Exit(999, 999, 0, 1, 11)); // never seen
    handler.handle(new ProcEvent.Other(0x200));
    assertThat(drained()).containsExactly(
        exit("/tmp/.x/xmrig", 4242, 137, Map.of("Source", "Netlink", "Signal", "9")),
        exit("/usr/sbin/sshd", 300, 134, Map.of("Source", "Netlink", "Signal", "6", "CoreDumped", "true")),
        exit("/usr/lib/systemd/systemd", 301, 1, NETLINK),
        exit("[unknown]", 999, 0, NETLINK));
  }

  @Test
  void aProcessForgottenAfterItsExitIsUnknownIfItsPidExitsAgain() {
    handler.handle(new ProcEvent.Exit(300, 300, 0, 1, 1));
    handler.handle(new ProcEvent.Exit(300, 300, 0, 1, 2));
    assertThat(drained()).containsExactly(exit("/usr/sbin/sshd", 300, 0, NETLINK), exit("[unknown]", 300, 0, NETLINK));
  }

  /** A handler whose reader makes process 4242 vanish (reaped by its parent) once it has read {@code file} of it. */
  private ProcEventHandler reapedAfter(String file) throws Exception {
    boolean[] reaped = {false};
    ProcEventHandler h = new ProcEventHandler(new ProcReader(root, read -> {
      if (read.equals(file) && !reaped[0]) {
        reaped[0] = true;
        try {
          FixtureTree.stop(4242, root);
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    }), buffer, Clock.fixed(NOW, ZoneOffset.UTC));
    h.rememberExisting();
    h.handle(new ProcEvent.Fork(300, 300, 4242, 4242, 1_000_000_000L));
    h.handle(new ProcEvent.Exec(4242, 4242, 2_000_000_000L));
    return h;
  }

  @Test
  void aProcessReapedRightAfterItsCommandLineWasReadKeepsItAndIsReportedOnce() throws Exception {
    // Before: the command line was read, the stat was not, so the start came as "[unknown]" without it.
    reapedAfter("cmdline");
    assertThat(drained()).containsExactly(new ProcessChange.Started(NOW, new ProcessCreate.Process(
        "/tmp/.x/xmrig", 4242, 300, "", null, PollingProcessSourceTest.MINER.commandLine(), Map.of(
            "ParentExecutable", "/usr/sbin/sshd",
            "StartTime", "2023-11-14T22:13:22Z",
            "Source", "Netlink",
            "Incomplete", "true"))));
  }

  @Test
  void aProcessReapedOnceItsCommandLineAndStatusWereReadIsComplete() throws Exception {
    // Before: the user came last, after the stat, and a process reaped in between came with its command line
    // and Incomplete=true, which read as one complete and one Incomplete report of the same start.
    reapedAfter("status");
    assertThat(drained()).containsExactly(new ProcessChange.Started(NOW, new ProcessCreate.Process(
        "/tmp/.x/xmrig", 4242, 300, "1001", "svc", PollingProcessSourceTest.MINER.commandLine(), Map.of(
            "ParentExecutable", "/usr/sbin/sshd",
            "StartTime", "2023-11-14T22:13:22Z",
            "Source", "Netlink"))));
  }

  @Test
  void aProcessReapedBeforeItsStatWasReadHasItsReadFieldsAndTheEventsStartTime() throws Exception {
    reapedAfter("cwd");
    ProcessCreate.Process m = PollingProcessSourceTest.MINER;
    assertThat(drained()).containsExactly(new ProcessChange.Started(NOW, new ProcessCreate.Process(
        m.executable(), 4242, 300, "1001", "svc", m.commandLine(), Map.of(
            "ParentExecutable", "/usr/sbin/sshd",
            "CurrentDirectory", "/srv",
            "StartTime", "2023-11-14T22:13:22Z",
            "Source", "Netlink"))));
  }
}
