package io.vigil.wire;

import io.vigil.model.event.LocalUsers;
import io.vigil.model.event.Login;

/** Payload items of Login and LocalUsers (schema v1.0). */
final class AccountFormats {
  private AccountFormats() {}

  static final ItemFormat<Login.Attempt> LOGIN = new ItemFormat<>(
      in -> {
        var processId = in.integer("ProcessId");
        var userId = in.optionalString("UserId");
        var userName = in.optionalString("UserName");
        var operation = in.string("Operation");
        var executable = in.string("Executable");
        var remoteAddress = in.optionalIp("RemoteAddress");
        var remotePort = in.optionalString("RemotePort");
        var localPort = in.optionalString("LocalPort");
        var result = in.enumeration("Result", Login.Result.class);
        var extra = in.extraDetails();
        in.requireAnyOf("UserId", "UserName");
        return in.build(() -> new Login.Attempt(processId, userId, userName, operation, executable,
            remoteAddress, remotePort, localPort, result, extra));
      },
      (item, out) -> {
        out.integer("ProcessId", item.processId());
        out.string("UserId", item.userId());
        out.string("UserName", item.userName());
        out.string("Operation", item.operation());
        out.string("Executable", item.executable());
        out.ip("RemoteAddress", item.remoteAddress());
        out.string("RemotePort", item.remotePort());
        out.string("LocalPort", item.localPort());
        out.enumeration("Result", item.result());
        out.extraDetails(item.extraDetails());
      });

  static final ItemFormat<LocalUsers.User> LOCAL_USERS = new ItemFormat<>(
      in -> {
        var groupIds = in.string("GroupIds");
        var groupNames = in.string("GroupNames");
        var userId = in.string("UserId");
        var userName = in.string("UserName");
        var extra = in.extraDetails();
        return in.build(() -> new LocalUsers.User(groupIds, groupNames, userId, userName, extra));
      },
      (item, out) -> {
        out.string("GroupIds", item.groupIds());
        out.string("GroupNames", item.groupNames());
        out.string("UserId", item.userId());
        out.string("UserName", item.userName());
        out.extraDetails(item.extraDetails());
      });
}
