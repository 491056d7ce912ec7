package io.vigil.agent.collect.process;

import io.vigil.model.event.ProcessCreate;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What /proc says about one process.
 *
 * @param startTicks start time in clock ticks after boot; with the pid it identifies the process
 *     even when the pid is reused
 * @param parentExecutable null when unreadable
 * @param currentDirectory null when unreadable
 * @param startTime null when the boot time is unknown
 */
record ProcessInfo(
    long pid,
    long ppid,
    long startTicks,
    String uid,
    String userName,
    String executable,
    String commandLine,
    String parentExecutable,
    String currentDirectory,
    Instant startTime) {

  /** The schema's ProcessCreate item; Vigil's extra fields travel in ExtraDetails. */
  ProcessCreate.Process toEvent() {
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
    return new ProcessCreate.Process(executable, pid, ppid, uid, userName, commandLine, extra);
  }
}
