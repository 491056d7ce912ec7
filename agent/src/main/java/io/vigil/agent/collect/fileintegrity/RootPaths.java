package io.vigil.agent.collect.fileintegrity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Maps device paths (such as {@code /lib/systemd/system}) to paths under the collector's root, and
 * resolves symbolic links among their directories the way the device would: an absolute link
 * target is taken under the root, never on the host.
 */
final class RootPaths {
  private static final int MAX_LINKS = 40;

  private final Path root;

  RootPaths(Path root) {
    this.root = root;
  }

  /** {@code devicePath} under the root. */
  Path host(String devicePath) {
    return devicePath.equals("/") ? root : root.resolve(devicePath.substring(1));
  }

  /**
   * {@code devicePath} with its directories' symbolic links resolved; the last component is kept
   * as it is, so a link there is watched as a link. On Debian, {@code /lib/systemd/system} becomes
   * {@code /usr/lib/systemd/system}.
   */
  String resolveDirectories(String devicePath) {
    List<String> parts = split(devicePath);
    if (parts.isEmpty()) {
      return "/";
    }
    String last = parts.removeLast();
    Deque<String> todo = new ArrayDeque<>(parts);
    List<String> done = new ArrayList<>();
    int links = 0;
    while (!todo.isEmpty()) {
      String c = todo.removeFirst();
      if (c.equals("..")) {
        if (!done.isEmpty()) {
          done.removeLast();
        }
        continue;
      }
      done.add(c);
      Path host = host(join(done));
      if (links < MAX_LINKS && Files.isSymbolicLink(host)) {
        links++;
        String target;
        try {
          target = Files.readSymbolicLink(host).toString();
        } catch (IOException e) {
          continue; // unreadable link: keep the path as written
        }
        done.removeLast();
        if (target.startsWith("/")) {
          done.clear();
        }
        List<String> t = split(target);
        for (int i = t.size() - 1; i >= 0; i--) {
          todo.addFirst(t.get(i));
        }
      }
    }
    if (last.equals("..")) {
      return done.isEmpty() ? "/" : join(done.subList(0, done.size() - 1));
    }
    done.add(last);
    return join(done);
  }

  /** {@code parent/name} for device paths. */
  static String child(String parent, String name) {
    return parent.equals("/") ? "/" + name : parent + "/" + name;
  }

  /** The parent of a device path; {@code /} for {@code /}. */
  static String parent(String devicePath) {
    int slash = devicePath.lastIndexOf('/');
    return slash <= 0 ? "/" : devicePath.substring(0, slash);
  }

  /** True if {@code path} is {@code dir} or lies below it. */
  static boolean within(String path, String dir) {
    return path.equals(dir) || path.startsWith(dir.equals("/") ? "/" : dir + "/");
  }

  private static List<String> split(String path) {
    List<String> parts = new ArrayList<>();
    for (String s : path.split("/")) {
      if (!s.isEmpty() && !s.equals(".")) {
        parts.add(s);
      }
    }
    return parts;
  }

  private static String join(List<String> parts) {
    return "/" + String.join("/", parts);
  }
}
