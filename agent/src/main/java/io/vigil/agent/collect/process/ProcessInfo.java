package io.vigil.agent.collect.process;

import io.vigil.model.event.ProcessCreate;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What /proc says about one process. Fields other than the pids, the start and the command name
 * are null when they could not be read: the process exited (a zombie keeps only its stat and
 * status) or is not ours to read.
 *
 * @param startTicks start time in clock ticks after boot, -1 if the stat could not be read; with
 *     the pid it identifies the process even when the pid is reused
 * @param kernelThread true for a kernel thread, which has no executable and is not reported
 * @param comm the kernel's short command name
 * @param startTime null when the boot time is unknown
 */
record ProcessInfo(
    long pid,
    long ppid,
    long startTicks,
    boolean kernelThread,
    String comm,
    String uid,
    String userName,
    String executable,
    String commandLine,
    String parentExecutable,
    String currentDirectory,
    Instant startTime) {

  static final String UNKNOWN_EXECUTABLE = "[unknown]";

  /** True if the command line or the user could not be read. */
  boolean incomplete() {
    return commandLine == null || uid == null;
  }

  /** This with {@code parent} as the parent's executable if /proc did not give one. */
  ProcessInfo withParentExecutable(String parent) {
    return parentExecutable != null || parent == null ? this
        : new ProcessInfo(pid, ppid, startTicks, kernelThread, comm, uid, userName, executable, commandLine, parent,
            currentDirectory, startTime);
  }

  /**
   * This with what a source knows otherwise filling what /proc no longer showed: {@code parent}
   * (0 if unknown) when the parent could not be read, {@code started} (null if unknown) when the
   * start time could not.
   */
  ProcessInfo withKnown(long parent, Instant started) {
    long p = ppid > 0 ? ppid : parent;
    Instant t = startTime != null ? startTime : started;
    return p == ppid && t == startTime ? this
        : new ProcessInfo(pid, p, startTicks, kernelThread, comm, uid, userName, executable, commandLine, parentExecutable,
            currentDirectory, t);
  }

  /**
   * The schema's ProcessCreate item; Vigil's extra fields travel in ExtraDetails, {@code Source}
   * says which source saw it, and {@code Incomplete=true} marks a process caught too late to read
   * everything. Unknown fields become: executable the command line's first word or {@code
   * [unknown]}, command line the kernel's command name in brackets (as ps shows it), user id empty.
   */
  ProcessCreate.Process toEvent(String source) {
    Map<String, String> extra = new LinkedHashMap<>();
    if (parentExecutable != null) {
      extra.put("ParentExecutable", parentExecutable);
    }
    if (currentDirectory != null) {
      extra.put("CurrentDirectory", currentDirectory);
    }
    if (startTime != null) {
      extra.put("StartTime", startTime.toString());
    }
    extra.put("Source", source);
    if (incomplete()) {
      extra.put("Incomplete", "true");
    }
    String exe = executable != null ? executable : commandLine != null ? firstWord(commandLine) : UNKNOWN_EXECUTABLE;
    String cmd = commandLine != null ? commandLine : "[" + comm + "]";
    return new ProcessCreate.Process(exe, pid, ppid, uid == null ? "" : uid, userName, cmd, extra);
  }

  private static String firstWord(String s) {
    int sp = s.indexOf(' ');
    return sp < 0 ? s : s.substring(0, sp);
  }
}
