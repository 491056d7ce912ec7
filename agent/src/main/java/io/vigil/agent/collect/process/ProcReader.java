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

/**
 * Reads processes from a proc file system under a root path ({@code /} on the live system, a
 * fixture tree in tests).
 *
 * <p>Processes come and go while they are read; a process that vanishes midway is simply absent
 * from the result, never an error.
 */
final class ProcReader {
  /** USER_HZ: the unit of /proc/PID/stat times, 100 on every Linux architecture Vigil targets. */
  private static final long TICKS_PER_SECOND = 100;

  private final Path proc;
  private final Path passwd;
  private Map<String, String> userNames = Map.of();
  private long passwdModified = -1;
  private Instant bootTime;

  ProcReader(Path root) {
    this.proc = root.resolve("proc");
    this.passwd = root.resolve("etc/passwd");
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
        if (!name.isEmpty() && Character.isDigit(name.charAt(0)) && name.chars().allMatch(Character::isDigit)) {
          pids.add(Long.parseLong(name));
        }
      }
    }
    return pids;
  }

  /** The start ticks of {@code pid}, or empty if it is gone. */
  Optional<Long> startTicks(long pid) {
    return stat(pid).map(Stat::startTicks);
  }

  /** Everything about {@code pid}, or empty if it is gone or is a kernel thread. */
  Optional<ProcessInfo> read(long pid) {
    Optional<Stat> stat = stat(pid);
    if (stat.isEmpty()) {
      return Optional.empty();
    }
    Path dir = proc.resolve(Long.toString(pid));
    String cmdline = readCmdline(dir.resolve("cmdline"));
    String exe = readLink(dir.resolve("exe"));
    if (cmdline.isEmpty() && exe == null) {
      return Optional.empty(); // a kernel thread, or a process already gone
    }
    String uid = readUid(dir.resolve("status"));
    if (uid == null) {
      return Optional.empty();
    }
    Stat s = stat.get();
    String executable = exe != null ? exe : firstWord(cmdline);
    String commandLine = cmdline.isEmpty() ? "[" + s.comm() + "]" : cmdline;
    String parentExe = s.ppid() > 0 ? readLink(proc.resolve(Long.toString(s.ppid())).resolve("exe")) : null;
    Instant boot = bootTime();
    Instant start = boot == null ? null : boot.plusMillis(s.startTicks() * 1000 / TICKS_PER_SECOND);
    return Optional.of(new ProcessInfo(pid, s.ppid(), s.startTicks(), uid, userName(uid), executable, commandLine,
        parentExe, readLink(dir.resolve("cwd")), start));
  }

  private record Stat(String comm, long ppid, long startTicks) {}

  /** Parses /proc/PID/stat; the command name is in parentheses and may itself hold spaces and ')'. */
  private Optional<Stat> stat(long pid) {
    String line = readSmall(proc.resolve(Long.toString(pid)).resolve("stat"));
    if (line == null) {
      return Optional.empty();
    }
    int open = line.indexOf('(');
    int close = line.lastIndexOf(')');
    if (open < 0 || close < open) {
      return Optional.empty();
    }
    String[] f = line.substring(close + 2).trim().split(" ");
    // After the comm: state(0) ppid(1) ... starttime is field 22 of the line, index 19 here.
    if (f.length < 20) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Stat(line.substring(open + 1, close), Long.parseLong(f[1]), Long.parseLong(f[19])));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static String readCmdline(Path file) {
    try {
      byte[] raw = Files.readAllBytes(file);
      int end = raw.length;
      while (end > 0 && raw[end - 1] == 0) {
        end--;
      }
      for (int i = 0; i < end; i++) {
        if (raw[i] == 0) {
          raw[i] = ' ';
        }
      }
      return new String(raw, 0, end, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private static String readUid(Path status) {
    String text = readSmall(status);
    if (text == null) {
      return null;
    }
    for (String line : text.split("\n")) {
      if (line.startsWith("Uid:")) {
        String[] f = line.substring(4).trim().split("\\s+");
        return f.length > 0 ? f[0] : null;
      }
    }
    return null;
  }

  private static String readLink(Path link) {
    try {
      String target = Files.readSymbolicLink(link).toString();
      return target.endsWith(" (deleted)") ? target.substring(0, target.length() - 10) : target;
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return null;
    }
  }

  private static String readSmall(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null; // gone (NoSuchFileException) or not ours to read: either way, nothing to report
    }
  }

  private static String firstWord(String s) {
    int sp = s.indexOf(' ');
    return sp < 0 ? s : s.substring(0, sp);
  }

  private Instant bootTime() {
    if (bootTime == null) {
      String stat = readSmall(proc.resolve("stat"));
      if (stat != null) {
        for (String line : stat.split("\n")) {
          if (line.startsWith("btime ")) {
            bootTime = Instant.ofEpochSecond(Long.parseLong(line.substring(6).trim()));
          }
        }
      }
    }
    return bootTime;
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
      return null;
    }
    return userNames.get(uid);
  }
}
