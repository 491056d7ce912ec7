package io.vigil.wire;

import io.vigil.model.event.ProcessCreate;
import io.vigil.model.event.ProcessTerminate;

/** Payload items of ProcessCreate and ProcessTerminate (schema v1.0). */
final class ProcessFormats {
  private ProcessFormats() {}

  static final ItemFormat<ProcessCreate.Process> CREATE = new ItemFormat<>(
      in -> {
        var executable = in.string("Executable");
        var processId = in.integer("ProcessId");
        var parentProcessId = in.integer("ParentProcessId");
        var userId = in.string("UserId");
        var userName = in.optionalString("UserName");
        var commandLine = in.string("CommandLine");
        var extra = in.extraDetails();
        return in.build(() -> new ProcessCreate.Process(
            executable, processId, parentProcessId, userId, userName, commandLine, extra));
      },
      (item, out) -> {
        out.string("Executable", item.executable());
        out.integer("ProcessId", item.processId());
        out.integer("ParentProcessId", item.parentProcessId());
        out.string("UserId", item.userId());
        out.string("UserName", item.userName());
        out.string("CommandLine", item.commandLine());
        out.extraDetails(item.extraDetails());
      });

  static final ItemFormat<ProcessTerminate.Process> TERMINATE = new ItemFormat<>(
      in -> {
        var executable = in.string("Executable");
        var processId = in.integer("ProcessId");
        var exitStatus = in.integer("ExitStatus");
        var extra = in.extraDetails();
        return in.build(() -> new ProcessTerminate.Process(executable, processId, exitStatus, extra));
      },
      (item, out) -> {
        out.string("Executable", item.executable());
        out.integer("ProcessId", item.processId());
        out.integer("ExitStatus", item.exitStatus());
        out.extraDetails(item.extraDetails());
      });
}
