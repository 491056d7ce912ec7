package io.vigil.agent.collect.network;

import io.vigil.agent.collect.process.CommandLines;
import io.vigil.agent.collect.CollectorContext;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the processes that hold sockets, by their inodes: /proc/PID/fd/N links read
 * {@code socket:[INODE]}.
 *
 * <p>Each call scans the processes in ascending pid order and stops once every wanted inode is
 * found, so a socket shared by several processes (a listener inherited by forked workers) belongs
 * to the lowest pid, usually the parent. Reading another user's /proc/PID/fd needs root (or
 * CAP_SYS_PTRACE); without it, that user's sockets stay unattributed. A process that exits during
 * the scan is simply not found. Not thread-safe: one collector thread calls it.
 */
public final class SocketOwners {
  private static final String PREFIX = "socket:[";
  private static final String DELETED = " (deleted)";

  private final Path proc;

  /**
   * The process holding a socket.
   *
   * @param executable the path of its executable, or the first word of its command line when the
   *     executable link cannot be read; null when neither can (a zombie)
   * @param commandLine its arguments joined by spaces; null when unreadable or empty
   * @param executableDeleted true if the executable file was deleted after the process started
   *     (the kernel marks the link {@code (deleted)}), a common trait of malware
   */
  public record Owner(long pid, String executable, String commandLine, boolean executableDeleted) {}

  public SocketOwners(CollectorContext ctx) {
    this.proc = ctx.path("/proc");
  }

  /**
   * The owners of {@code inodes}; an inode whose owner cannot be found (it is gone, or its fd
   * directory is not readable) is absent from the result. Inode 0 (no process holds the socket) is
   * never found.
   */
  public Map<Long, Owner> find(Set<Long> inodes) {
    Map<Long, Owner> found = new HashMap<>();
    if (inodes.isEmpty()) {
      return found;
    }
    for (long pid : pids()) {
      Owner owner = null;
      Path fds = proc.resolve(Long.toString(pid)).resolve("fd");
      try (DirectoryStream<Path> dir = Files.newDirectoryStream(fds)) {
        for (Path fd : dir) {
          long inode = socketInode(fd);
          if (inode > 0 && inodes.contains(inode) && !found.containsKey(inode)) {
            owner = owner != null ? owner : describe(pid);
            found.put(inode, owner);
          }
        }
      } catch (IOException | DirectoryIteratorException e) {
        continue; // the process exited, or its fds are not ours to read: its sockets stay unattributed
      }
      if (found.size() == inodes.size()) {
        break;
      }
    }
    return found;
  }

  private List<Long> pids() {
    List<Long> pids = new ArrayList<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(proc)) {
      for (Path p : dir) {
        String name = p.getFileName().toString();
        if (!name.isEmpty() && name.chars().allMatch(c -> c >= '0' && c <= '9') && name.length() < 19) {
          pids.add(Long.parseLong(name));
        }
      }
    } catch (IOException | DirectoryIteratorException e) {
      return List.of(); // no proc file system: every socket is unattributed, which the events say
    }
    pids.sort(null);
    return pids;
  }

  private static long socketInode(Path fd) {
    String target;
    try {
      target = Files.readSymbolicLink(fd).toString();
    } catch (IOException | UnsupportedOperationException e) {
      return 0; // closed while we looked, or not a link
    }
    if (!target.startsWith(PREFIX) || !target.endsWith("]")) {
      return 0;
    }
    try {
      return Long.parseLong(target, PREFIX.length(), target.length() - 1, 10);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private Owner describe(long pid) {
    Path dir = proc.resolve(Long.toString(pid));
    String commandLine = CommandLines.read(dir.resolve("cmdline"));
    String executable;
    boolean deleted = false;
    try {
      executable = Files.readSymbolicLink(dir.resolve("exe")).toString();
      if (executable.endsWith(DELETED)) {
        executable = executable.substring(0, executable.length() - DELETED.length());
        deleted = true;
      }
    } catch (IOException | UnsupportedOperationException e) {
      executable = commandLine != null ? commandLine.split(" ", 2)[0] : null;
    }
    return new Owner(pid, executable, commandLine, deleted);
  }

}
