package io.vigil.agent.collect.process;

import io.vigil.model.event.ProcessCreate;
import io.vigil.model.event.ProcessTerminate;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the process connector's events into process changes: on an exec it reads the process from
 * /proc at once; on the exit of a process (not of a thread) it reports the exit status with the
 * executable remembered from the exec, the fork or the start of the source.
 *
 * <p>Not thread-safe: the netlink reader thread owns it.
 */
final class ProcEventHandler {
  private final ProcReader proc;
  private final ChangeBuffer buffer;
  private final Clock clock;
  private final KnownProcesses known;

  /** @param proc read by the calling (reader) thread only */
  ProcEventHandler(ProcReader proc, ChangeBuffer buffer, Clock clock) {
    this.proc = proc;
    this.buffer = buffer;
    this.clock = clock;
    this.known = new KnownProcesses(proc::exists);
  }

  /** Learns the executables of the processes already running, for their exits. */
  void rememberExisting() throws IOException {
    for (long pid : proc.pids()) {
      known.existing((int) pid, proc.executable(pid));
    }
  }

  /** Handles an exec, fork or exit; other events are ignored. */
  void handle(ProcEvent event) {
    switch (event) {
      case ProcEvent.Exec e -> exec(e);
      case ProcEvent.Fork f -> {
        if (f.childPid() == f.childTgid()) {
          known.forked(f.childTgid(), f.parentTgid());
        }
      }
      case ProcEvent.Exit e -> {
        if (e.pid() == e.tgid()) {
          exit(e);
        }
      }
      case ProcEvent.Ack a -> {}
      case ProcEvent.Other o -> {}
    }
  }

  private void exec(ProcEvent.Exec e) {
    int pid = e.tgid();
    ProcessCreate.Process p = proc.read(pid)
        .map(info -> info.withKnown(known.parent(pid).orElse(0), startTime(e.timestampNs()).orElse(null)))
        .map(info -> info.withParentExecutable(known.executable((int) info.ppid()).orElse(null)))
        .map(info -> info.toEvent(NetlinkProcessSource.SOURCE))
        .orElseGet(() -> gone(pid, e.timestampNs()));
    String exe = p.executable().equals(ProcessInfo.UNKNOWN_EXECUTABLE) ? null : p.executable();
    known.started(pid, exe, (int) p.parentProcessId());
    buffer.add(new ProcessChange.Started(clock.instant(), p));
  }

  /** What is known about a process that exited before /proc could be read: the event and its fork. */
  private ProcessCreate.Process gone(int pid, long timestampNs) {
    int parent = known.parent(pid).orElse(0);
    Map<String, String> extra = new LinkedHashMap<>();
    known.executable(parent).ifPresent(exe -> extra.put("ParentExecutable", exe));
    startTime(timestampNs).ifPresent(t -> extra.put("StartTime", t.toString()));
    extra.put("Source", NetlinkProcessSource.SOURCE);
    extra.put("Incomplete", "true");
    return new ProcessCreate.Process(ProcessInfo.UNKNOWN_EXECUTABLE, pid, parent, "", null, "", extra);
  }

  /** When an event happened: its timestamp counts nanoseconds since boot. */
  private Optional<Instant> startTime(long timestampNs) {
    return proc.bootTime().map(boot -> boot.plusNanos(timestampNs));
  }

  private void exit(ProcEvent.Exit e) {
    WaitStatus status = new WaitStatus(e.waitStatus());
    Map<String, String> extra = new LinkedHashMap<>();
    extra.put("Source", NetlinkProcessSource.SOURCE);
    if (status.signaled()) {
      extra.put("Signal", Integer.toString(status.signal()));
    }
    if (status.coreDumped()) {
      extra.put("CoreDumped", "true");
    }
    String exe = known.exited(e.tgid()).orElse(ProcessInfo.UNKNOWN_EXECUTABLE);
    buffer.add(new ProcessChange.Exited(clock.instant(),
        new ProcessTerminate.Process(exe, e.tgid(), status.exitStatus(), extra)));
  }
}
