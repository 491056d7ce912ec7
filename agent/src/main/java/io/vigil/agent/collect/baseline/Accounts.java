package io.vigil.agent.collect.baseline;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The local accounts and groups: {@code /etc/passwd}, {@code /etc/shadow}, {@code /etc/group}.
 *
 * <p>Lines with too few fields are kept in {@link #malformed()} rather than dropped, so that a check
 * can say where they are.
 */
final class Accounts {
  static final String PASSWD = "/etc/passwd";
  static final String SHADOW = "/etc/shadow";
  static final String GROUP = "/etc/group";

  /** One line of a colon-separated account file. {@code where} is {@code file:line}. */
  record Entry(List<String> fields, String where) {
    String field(int i) {
      return i < fields.size() ? fields.get(i) : "";
    }

    String name() {
      return field(0);
    }
  }

  private final List<Entry> users;
  private final List<Entry> shadow;
  private final List<Entry> groups;
  private final boolean shadowPresent;
  private final List<String> malformed;

  private Accounts(List<Entry> users, List<Entry> shadow, List<Entry> groups, boolean shadowPresent, List<String> malformed) {
    this.users = users;
    this.shadow = shadow;
    this.groups = groups;
    this.shadowPresent = shadowPresent;
    this.malformed = malformed;
  }

  static Accounts read(Host host) throws IOException {
    List<String> malformed = new ArrayList<>();
    Optional<String> shadowText = host.read(SHADOW);
    return new Accounts(entries(PASSWD, host.read(PASSWD), 7, malformed), entries(SHADOW, shadowText, 2, malformed),
        entries(GROUP, host.read(GROUP), 3, malformed), shadowText.isPresent(), malformed);
  }

  private static List<Entry> entries(String file, Optional<String> text, int minFields, List<String> malformed) {
    List<Entry> out = new ArrayList<>();
    if (text.isEmpty()) {
      return out;
    }
    String[] lines = text.get().split("\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      List<String> fields = List.of(line.split(":", -1));
      if (fields.size() < minFields && !line.startsWith("+") && !line.startsWith("-")) {
        malformed.add(file + ":" + (i + 1));
      } else {
        out.add(new Entry(fields, file + ":" + (i + 1)));
      }
    }
    return out;
  }

  List<Entry> users() {
    return users;
  }

  List<Entry> shadow() {
    return shadow;
  }

  List<Entry> groups() {
    return groups;
  }

  boolean shadowPresent() {
    return shadowPresent;
  }

  /** {@code file:line} of each line with too few fields. */
  List<String> malformed() {
    return malformed;
  }

  /** The uid of user {@code name} on the target; root is 0 even without a passwd file. */
  Optional<Integer> uid(String name) {
    return id(users, name, 2).or(() -> name.equals("root") ? Optional.of(0) : Optional.empty());
  }

  /** The gid of group {@code name} on the target; root is 0 even without a group file. */
  Optional<Integer> gid(String name) {
    return id(groups, name, 2).or(() -> name.equals("root") ? Optional.of(0) : Optional.empty());
  }

  /** The user name of {@code uid}, for messages; the number itself when unknown. */
  String userName(int uid) {
    return users.stream().filter(e -> e.field(2).equals(Integer.toString(uid))).map(Entry::name).findFirst()
        .orElse(Integer.toString(uid));
  }

  String groupName(int gid) {
    return groups.stream().filter(e -> e.field(2).equals(Integer.toString(gid))).map(Entry::name).findFirst()
        .orElse(Integer.toString(gid));
  }

  private static Optional<Integer> id(List<Entry> entries, String name, int field) {
    for (Entry e : entries) {
      if (e.name().equals(name) && e.field(field).matches("\\d{1,9}")) {
        return Optional.of(Integer.parseInt(e.field(field)));
      }
    }
    return Optional.empty();
  }
}
