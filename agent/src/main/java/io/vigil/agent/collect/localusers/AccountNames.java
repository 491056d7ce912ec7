package io.vigil.agent.collect.localusers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The user and group names of a root's own {@code etc/passwd} and {@code etc/group} (not the
 * host's name service, which is wrong for a mounted image), for collectors that meet numeric ids
 * or user names.
 *
 * <p>{@link #refresh()} re-reads a file when its size, modification time or inode changed. A
 * missing file means no names (callers fall back to numbers). Not thread-safe: one collector
 * thread uses it.
 */
public final class AccountNames {
  private final Path passwd;
  private final Path group;
  private Object passwdStamp;
  private Object groupStamp;
  private Map<Long, String> userNames = Map.of();
  private Map<String, Long> uids = Map.of();
  private Map<Long, String> groupNames = Map.of();
  private List<String> passwdProblems = List.of();
  private List<String> groupProblems = List.of();

  /** Names from {@code root}/etc/passwd and {@code root}/etc/group, read now. */
  public AccountNames(Path root) {
    this.passwd = root.resolve("etc/passwd");
    this.group = root.resolve("etc/group");
    refresh();
  }

  /** Re-reads the files that changed since the previous read. */
  public void refresh() {
    Object stamp = stamp(passwd);
    if (stamp == null || !stamp.equals(passwdStamp)) {
      Map<Long, String> names = new HashMap<>();
      Map<String, Long> ids = new HashMap<>();
      List<String> problems = new ArrayList<>();
      String text = read(passwd, "/etc/passwd", problems);
      if (text != null) {
        var parsed = AccountFileParser.passwd("/etc/passwd", text);
        for (var p : parsed.entries()) {
          names.putIfAbsent(p.uid(), p.name());
          ids.putIfAbsent(p.name(), p.uid());
        }
        problems.addAll(parsed.problems());
      }
      passwdProblems = problems;
      userNames = names;
      uids = ids;
      passwdStamp = stamp;
    }
    stamp = stamp(group);
    if (stamp == null || !stamp.equals(groupStamp)) {
      Map<Long, String> names = new HashMap<>();
      List<String> problems = new ArrayList<>();
      String text = read(group, "/etc/group", problems);
      if (text != null) {
        var parsed = AccountFileParser.group("/etc/group", text);
        parsed.entries().forEach(g -> names.putIfAbsent(g.gid(), g.name()));
        problems.addAll(parsed.problems());
      }
      groupProblems = problems;
      groupNames = names;
      groupStamp = stamp;
    }
  }

  /** The first name passwd gives {@code uid}. */
  public Optional<String> userName(long uid) {
    return Optional.ofNullable(userNames.get(uid));
  }

  /** The first name group gives {@code gid}. */
  public Optional<String> groupName(long gid) {
    return Optional.ofNullable(groupNames.get(gid));
  }

  /** The uid of the user named {@code name} in passwd. */
  public Optional<Long> uid(String name) {
    return Optional.ofNullable(uids.get(name));
  }

  /** What the files, as last read, had wrong (malformed lines, a read error), one line each; empty when all was well. */
  public List<String> problems() {
    List<String> all = new ArrayList<>(passwdProblems);
    all.addAll(groupProblems);
    return all;
  }

  private static String read(Path file, String name, List<String> problems) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      problems.add("cannot read " + name + ": " + e);
      return null;
    }
  }

  private static Object stamp(Path file) {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      return List.of(a.size(), a.lastModifiedTime(), String.valueOf(a.fileKey()));
    } catch (IOException e) {
      return null; // absent or unreadable: read() says which
    }
  }
}
