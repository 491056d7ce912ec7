package io.vigil.agent.collect.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads processes from a proc file system under a root path ({@code /} on the live system, a
 * fixture tree in tests).
 *
 * <p>Processes come and go while they are read; a process that vanishes midway is simply absent
 * from the result, or present with the fields that could still be read, never an error. Not
 * thread-safe (it caches the user names and the boot time): each thread uses its own.
 */
final class ProcReader {
  /** USER_HZ: the unit of /proc/PID/stat times, 100 on every Linux architecture Vigil targets. */
  private static final long TICKS_PER_SECOND = 100;
  /** PF_KTHREAD in the flags field of /proc/PID/stat. */
  private static final long KERNEL_THREAD = 0x00200000;

  private final Path proc;
  private final Path passwd;
  private Map<String, String> userNames = Map.of();
  private long passwdModified = -1;
  private Instant bootTime;
  private final Consumer<String> afterRead;

  ProcReader(Path root) {
    this(root, file -> {});
  }

  /**
   * A reader that tells {@code afterRead} the name of each file of a process it has read (cmdline,
   * status, exe, cwd, stat), in order: a test's seam to make a process vanish at a given point.
   */
  ProcReader(Path root, Consumer<String> afterRead) {
    this.proc = root.resolve("proc");
    this.passwd = root.resolve("etc/passwd");
    this.afterRead = afterRead;
  }

  /** The proc directory under the root. */
  Path proc() {
    return proc;
  }

  /** True if there is a readable proc file system under the root. */
  boolean available() {
    return Files.isDirectory(proc) && Files.isReadable(proc);
  }

  /** The pids of all processes now, in no particular order. */
  List<Long> pids() throws IOException {
    List<Long> pids = new ArrayList<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(proc)) {
      for (Path p : dir) {
        String name = p.getFileName().toString();
        if (!name.isEmpty() && name.length() < 19 && name.chars().allMatch(c -> c >= '0' && c <= '9')) {
          pids.add(Long.parseLong(name));
        }
      }
    }
    return pids;
  }

  /** True if {@code pid} still has a proc directory (it runs or is a zombie). */
  boolean exists(long pid) {
    return Files.exists(proc.resolve(Long.toString(pid)));
  }

  /** The executable of {@code pid}, or null if it is gone, a kernel thread or not ours to read. */
  String executable(long pid) {
    return readLink(proc.resolve(Long.toString(pid)).resolve("exe"));
  }

  /**
   * What can be read about {@code pid}, or empty if nothing could be read (it is gone).
   *
   * <p>The command line, executable and working directory go when the process exits, the status
   * and stat only when its parent reaps it. The command line, the most telling and the first to
   * go, is read first, and the status (user and parent) at once after it, so that a process read
   * with its command line nearly always has its user too. One that vanishes midway keeps what was
   * read, with the fields read later unknown. Without its stat the start time is unknown ({@code
   * startTicks} -1) and the parent and command name come from the status.
   */
  Optional<ProcessInfo> read(long pid) {
    Path dir = proc.resolve(Long.toString(pid));
    String cmdline = CommandLines.read(dir.resolve("cmdline"));
    afterRead.accept("cmdline");
    Status status = status(dir.resolve("status"));
    afterRead.accept("status");
    String exe = readLink(dir.resolve("exe"));
    afterRead.accept("exe");
    String cwd = readLink(dir.resolve("cwd"));
    afterRead.accept("cwd");
    Optional<Stat> stat = stat(dir.resolve("stat"));
    afterRead.accept("stat");
    if (stat.isEmpty() && status == null && cmdline == null) {
      return Optional.empty();
    }
    Stat s = stat.orElseGet(() -> new Stat(status == null ? null : status.name(), status == null ? 0 : status.ppid(), 0, -1));
    String uid = status == null ? null : status.uid();
    String parentExe = s.ppid() > 0 ? executable(s.ppid()) : null;
    Instant started = s.startTicks() < 0 ? null : startTime(s.startTicks()).orElse(null);
    return Optional.of(new ProcessInfo(pid, s.ppid(), s.startTicks(), (s.flags() & KERNEL_THREAD) != 0, s.comm(), uid,
        uid == null ? null : userName(uid), exe, cmdline, parentExe, cwd, started));
  }

  /** The wall-clock time {@code ticks} clock ticks after boot, empty if the boot time is unknown. */
  Optional<Instant> startTime(long ticks) {
    return bootTime().map(boot -> boot.plusMillis(ticks * 1000 / TICKS_PER_SECOND));
  }

  /** The boot time, from the btime line of proc/stat; empty if that cannot be read. */
  Optional<Instant> bootTime() {
    if (bootTime == null) {
      String stat = readSmall(proc.resolve("stat"));
      if (stat != null) {
        for (String line : stat.split("\n")) {
          if (line.startsWith("btime ")) {
            try {
              bootTime = Instant.ofEpochSecond(Long.parseLong(line.substring(6).trim()));
            } catch (NumberFormatException e) {
              return Optional.empty(); // no usable boot time: start times stay unknown
            }
          }
        }
      }
    }
    return Optional.ofNullable(bootTime);
  }

  private record Stat(String comm, long ppid, long flags, long startTicks) {}

  /** Parses /proc/PID/stat; the command name is in parentheses and may itself hold spaces and ')'. */
  private static Optional<Stat> stat(Path file) {
    String line = readSmall(file);
    if (line == null) {
      return Optional.empty();
    }
    int open = line.indexOf('(');
    int close = line.lastIndexOf(')');
    if (open < 0 || close < open || close + 2 > line.length()) {
      return Optional.empty();
    }
    String[] f = line.substring(close + 2).trim().split(" ");
    // After the comm: state(0) ppid(1) pgrp(2) session(3) tty(4) tpgid(5) flags(6) ... starttime(19).
    if (f.length < 20) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Stat(line.substring(open + 1, close), Long.parseLong(f[1]), Long.parseUnsignedLong(f[6]),
          Long.parseLong(f[19])));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }


  /** The lines of /proc/PID/status the reader uses; a field is null (ppid 0) when its line is missing. */
  private record Status(String name, long ppid, String uid) {}

  private static Status status(Path file) {
    String text = readSmall(file);
    if (text == null) {
      return null;
    }
    String name = null;
    long ppid = 0;
    String uid = null;
    for (String line : text.split("\n")) {
      if (line.startsWith("Name:")) {
        name = line.substring(5).strip();
      } else if (line.startsWith("PPid:")) {
        try {
          ppid = Long.parseLong(line.substring(5).strip());
        } catch (NumberFormatException e) {
          ppid = 0; // unreadable: the parent stays unknown
        }
      } else if (line.startsWith("Uid:")) {
        String[] f = line.substring(4).trim().split("\\s+");
        uid = f.length > 0 && !f[0].isEmpty() ? f[0] : null;
      }
    }
    return new Status(name, ppid, uid);
  }

  private static String readLink(Path link) {
    try {
      String target = Files.readSymbolicLink(link).toString();
      return target.endsWith(" (deleted)") ? target.substring(0, target.length() - 10) : target;
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return null; // gone, a kernel thread, or not ours to read: the field stays unknown
    }
  }

  private static String readSmall(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null; // gone (NoSuchFileException) or not ours to read: either way, nothing to report
    }
  }

  /** The user name of {@code uid} from etc/passwd under the root, re-read when the file changes. */
  private String userName(String uid) {
    try {
      long modified = Files.getLastModifiedTime(passwd).toMillis();
      if (modified != passwdModified) {
        Map<String, String> names = new HashMap<>();
        for (String line : Files.readAllLines(passwd, StandardCharsets.UTF_8)) {
          String[] f = line.split(":", -1);
          if (f.length >= 3) {
            names.putIfAbsent(f[2], f[0]);
          }
        }
        userNames = names;
        passwdModified = modified;
      }
    } catch (IOException e) {
      return null; // no passwd under the root: user names stay unknown
    }
    return userNames.get(uid);
  }
}
