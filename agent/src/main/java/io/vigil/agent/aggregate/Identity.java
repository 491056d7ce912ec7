package io.vigil.agent.aggregate;

import io.vigil.model.event.ConnectionCreate.Connection;
import io.vigil.model.event.Direction;
import io.vigil.model.event.ProcessCreate.Process;

/**
 * What makes two payload items of one collector the same occurrence, as in the Defender for IoT
 * micro agent; pids, parent pids, user names, local ports and extra details do not count, except
 * that the parent of a process start marked {@code Incomplete} does.
 */
sealed interface Identity {
  /** The identity of {@code item}, a Process or a Connection, seen by {@code collector}. */
  static Identity of(String collector, Record item) {
    return switch (item) {
      case Process p -> new ProcessIdentity(collector, p.executable(), p.commandLine(), p.userId(),
          "true".equals(p.extraDetails().get(INCOMPLETE)) ? p.parentProcessId() : 0);
      case Connection c -> new ConnectionIdentity(collector, c.executable(), c.commandLine(), c.userId(),
          c.direction(), c.localAddress(), c.remoteAddress(), c.protocol(), c.remotePort());
      default -> throw new IllegalArgumentException("not an aggregated item: " + item);
    };
  }

  /** The ExtraDetails key of a process start caught too late to read its executable and command line. */
  String INCOMPLETE = "Incomplete";

  /**
   * A process start: executable, command line and user; for an {@code Incomplete} start also its
   * parent, since what was read of it is too little to tell unrelated processes apart, so that an
   * aggregate of them stands for the short-lived children of one process.
   *
   * @param incompleteParent the parent pid of an Incomplete start, 0 for any other
   */
  record ProcessIdentity(String collector, String executable, String commandLine, String userId, long incompleteParent)
      implements Identity {}

  /**
   * A connection, without the local port (ephemeral for outbound connections) and the pid.
   *
   * <p>Nullable components (user, command line, local address) compare equal when both are null.
   */
  record ConnectionIdentity(
      String collector,
      String executable,
      String commandLine,
      String userId,
      Direction direction,
      String localAddress,
      String remoteAddress,
      String protocol,
      String remotePort)
      implements Identity {}
}
