package io.vigil.agent.collect.baseline;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One walk of a directory tree that notes what the permission checks look for: world-writable files
 * (and world-writable directories without the sticky bit), and set-user-id or set-group-id
 * executables.
 *
 * <p>Symbolic links are not followed (a link's own mode means nothing), and a top directory that is
 * itself a link (such as {@code /bin} on a merged-/usr system) is not scanned: its target is, under
 * its own name. The mode of a file is read only when an execute bit is set, so the walk costs about
 * one stat per entry.
 */
final class TreeScan {
  /** A noted entry: its path as on the target and its permission bits (such as {@code 04755}). */
  record Entry(String path, int mode) {
    String shown() {
      return path + " (" + String.format("%04o", mode) + ")";
    }
  }

  private static final int SETUID = 04000;
  private static final int SETGID = 02000;

  private final List<Entry> worldWritable = new ArrayList<>();
  private final List<Entry> setuid = new ArrayList<>();
  private final List<Entry> setgid = new ArrayList<>();
  private final List<String> unreadable = new ArrayList<>();
  private long entries;
  private boolean scanned;

  private TreeScan() {}

  static TreeScan scan(Host host, String dir) throws IOException {
    TreeScan scan = new TreeScan();
    Path top = host.path(dir);
    if (!Files.isDirectory(top, LinkOption.NOFOLLOW_LINKS)) {
      return scan; // absent, or a link to a tree scanned under its own name
    }
    scan.scanned = true;
    Path root = host.path("/");
    Files.walkFileTree(top, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
        scan.entries++;
        Set<PosixFilePermission> perms = permissions(d, attrs);
        if (perms.contains(PosixFilePermission.OTHERS_WRITE) && (mode(d) & 01000) == 0) {
          scan.worldWritable.add(new Entry(shown(root, d), mode(d)));
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
        scan.entries++;
        if (!attrs.isRegularFile()) {
          return FileVisitResult.CONTINUE;
        }
        Set<PosixFilePermission> perms = permissions(f, attrs);
        if (perms.contains(PosixFilePermission.OTHERS_WRITE)) {
          scan.worldWritable.add(new Entry(shown(root, f), mode(f)));
        }
        if (perms.contains(PosixFilePermission.OWNER_EXECUTE) || perms.contains(PosixFilePermission.GROUP_EXECUTE)
            || perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
          int mode = mode(f);
          if ((mode & SETUID) != 0) {
            scan.setuid.add(new Entry(shown(root, f), mode));
          }
          if ((mode & SETGID) != 0) {
            scan.setgid.add(new Entry(shown(root, f), mode));
          }
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path f, IOException e) {
        if (!(e instanceof NoSuchFileException)) { // gone while walking: nothing to note
          scan.unreadable.add(shown(root, f));
        }
        return FileVisitResult.CONTINUE;
      }
    });
    return scan;
  }

  private static Set<PosixFilePermission> permissions(Path p, BasicFileAttributes attrs) throws IOException {
    if (attrs instanceof PosixFileAttributes posix) {
      return posix.permissions();
    }
    return Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).permissions();
  }

  private static int mode(Path p) throws IOException {
    return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
  }

  private static String shown(Path root, Path p) {
    return "/" + root.relativize(p).toString();
  }

  /** False if the directory is absent or a link, so nothing was scanned. */
  boolean scanned() {
    return scanned;
  }

  List<Entry> worldWritable() {
    return worldWritable;
  }

  List<Entry> setuid() {
    return setuid;
  }

  List<Entry> setgid() {
    return setgid;
  }

  /** Entries that could not be read, so were not checked. */
  List<String> unreadable() {
    return unreadable;
  }

  long entries() {
    return entries;
  }
}
