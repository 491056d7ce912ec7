package io.vigil.agent.collect.localusers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parses the colon-separated account files: {@code passwd}, {@code group} and {@code shadow}.
 *
 * <p>Blank lines and {@code #} comments are ignored. A malformed line is skipped and reported as
 * {@code FILE:LINE: why}. Problems about {@code shadow} never quote the line: it holds a password
 * hash.
 */
final class AccountFileParser {
  private AccountFileParser() {}

  /** One line of {@code passwd}; {@code password} is what the second field says, never the hash itself. */
  record Passwd(String name, long uid, long gid, String gecos, String home, String shell, PasswordState password) {}

  /** One line of {@code group}. */
  record Group(String name, long gid, List<String> members) {}

  /**
   * One line of {@code shadow}, without the hash.
   *
   * @param lastChange days since 1970-01-01 of the last password change; null when the field is empty
   */
  record Shadow(String name, PasswordState password, Long lastChange) {}

  /** What was parsed and what was skipped. */
  record Parsed<T>(List<T> entries, List<String> problems) {}

  static Parsed<Passwd> passwd(String file, String text) {
    List<Passwd> entries = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    forEachLine(text, (line, no) -> {
      String[] f = line.split(":", -1);
      String where = file + ":" + no + ": ";
      if (f.length != 7) {
        problems.add(where + "expected 7 ':'-separated fields, found " + f.length);
      } else if (f[0].isEmpty()) {
        problems.add(where + "empty user name");
      } else {
        Long uid = id(f[2]);
        Long gid = id(f[3]);
        if (uid == null) {
          problems.add(where + "uid '" + f[2] + "' of user '" + f[0] + "' is not a number");
        } else if (gid == null) {
          problems.add(where + "gid '" + f[3] + "' of user '" + f[0] + "' is not a number");
        } else {
          entries.add(new Passwd(f[0], uid, gid, f[4], f[5], f[6], PasswordState.ofPasswdField(f[1])));
        }
      }
    });
    return new Parsed<>(entries, problems);
  }

  static Parsed<Group> group(String file, String text) {
    List<Group> entries = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    forEachLine(text, (line, no) -> {
      String[] f = line.split(":", -1);
      String where = file + ":" + no + ": ";
      if (f.length != 4) {
        problems.add(where + "expected 4 ':'-separated fields, found " + f.length);
      } else if (f[0].isEmpty()) {
        problems.add(where + "empty group name");
      } else {
        Long gid = id(f[2]);
        if (gid == null) {
          problems.add(where + "gid '" + f[2] + "' of group '" + f[0] + "' is not a number");
        } else {
          List<String> members = f[3].isEmpty() ? List.of()
              : Arrays.stream(f[3].split(",")).map(String::trim).filter(m -> !m.isEmpty()).toList();
          entries.add(new Group(f[0], gid, members));
        }
      }
    });
    return new Parsed<>(entries, problems);
  }

  static Parsed<Shadow> shadow(String file, String text) {
    List<Shadow> entries = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    forEachLine(text, (line, no) -> {
      String[] f = line.split(":", -1);
      String where = file + ":" + no + ": ";
      if (f.length != 9) {
        problems.add(where + "expected 9 ':'-separated fields, found " + f.length);
      } else if (f[0].isEmpty()) {
        problems.add(where + "empty user name");
      } else if (!f[2].isEmpty() && id(f[2]) == null) {
        problems.add(where + "last change '" + f[2] + "' of user '" + f[0] + "' is not a number");
      } else {
        entries.add(new Shadow(f[0], PasswordState.ofHash(f[1]), f[2].isEmpty() ? null : id(f[2])));
      }
    });
    return new Parsed<>(entries, problems);
  }

  private interface LineHandler {
    void line(String line, int number);
  }

  private static void forEachLine(String text, LineHandler handler) {
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
      if (!line.isBlank() && !line.startsWith("#")) {
        handler.line(line, i + 1);
      }
    }
  }

  /** A uid, gid or day count: decimal, 0 to 2^32-1; null if it is not one. */
  private static Long id(String s) {
    if (s.isEmpty() || s.length() > 10 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return null;
    }
    long v = Long.parseLong(s);
    return v <= 0xFFFF_FFFFL ? v : null;
  }
}
