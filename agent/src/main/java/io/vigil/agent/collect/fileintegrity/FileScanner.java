package io.vigil.agent.collect.fileintegrity;

import io.vigil.agent.collect.localusers.AccountNames;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Examines files and directory trees under a root: type, sha256, mode, owner and modification
 * time of each file, without following symbolic links.
 *
 * <p>A file whose size, modification time, change time and inode are those of its previous state
 * keeps its previous sha256 without being read again. Content larger than
 * {@value #MAX_HASH_BYTES} bytes is not hashed. Not thread-safe.
 */
final class FileScanner {
  static final int MAX_DEPTH = 8;
  static final long MAX_HASH_BYTES = 64L * 1024 * 1024;

  /** Opens a file's content; tests make it fail. */
  @FunctionalInterface
  interface ContentOpener {
    InputStream open(Path file) throws IOException;
  }

  /** What a scan found. */
  static final class Scan {
    final Map<String, FileState> files = new TreeMap<>();
    final List<String> directories = new ArrayList<>();
    /** Directories that could not be listed: what was known below them stays as it was. */
    final List<String> unlisted = new ArrayList<>();
    final List<String> problems = new ArrayList<>();
    boolean limitHit;
  }

  private final RootPaths paths;
  private final AccountNames names;
  private final ContentOpener opener;

  FileScanner(RootPaths paths, AccountNames names, ContentOpener opener) {
    this.paths = paths;
    this.names = names;
    this.opener = opener;
  }

  /**
   * Scans {@code devicePath}: the file itself, or every file below the directory down to
   * {@code depthLeft} levels, adding at most {@code budget} files to {@code into}.
   *
   * @param previous the states known so far, to skip reading unchanged content
   */
  void scan(String devicePath, int depthLeft, int budget, Map<String, FileState> previous, Scan into) {
    Path host = paths.host(devicePath);
    Map<String, Object> a;
    try {
      a = Files.readAttributes(host, "unix:mode,ino,dev,uid,gid,ctime,size,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return;
    } catch (IOException | UnsupportedOperationException e) {
      add(into, budget, devicePath, new FileState(null, null, null, null, null, null, 0, null, reason(e), null));
      return;
    }
    int mode = (Integer) a.get("mode");
    if ((mode & 0170000) == 0040000) {
      directory(devicePath, host, depthLeft, budget, previous, into);
      return;
    }
    String type = type(mode);
    long size = (Long) a.get("size");
    FileTime mtime = (FileTime) a.get("lastModifiedTime");
    var signature = new FileState.Signature(size, mtime.toInstant(), a.get("ctime"), a.get("ino"), a.get("dev"));
    int uid = (Integer) a.get("uid");
    int gid = (Integer) a.get("gid");
    String owner = names.userName(uid).orElse(Integer.toString(uid)) + ":"
        + names.groupName(gid).orElse(Integer.toString(gid));
    String sha256 = null;
    String linkTarget = null;
    String unreadable = null;
    if (type.equals("file")) {
      FileState before = previous.get(devicePath);
      if (before != null && before.sha256() != null && signature.equals(before.signature())) {
        sha256 = before.sha256();
      } else if (size > MAX_HASH_BYTES) {
        unreadable = "larger than " + MAX_HASH_BYTES + " bytes: not hashed";
      } else {
        try {
          sha256 = sha256(host);
        } catch (IOException e) {
          unreadable = reason(e);
        }
      }
    } else if (type.equals("symlink")) {
      try {
        linkTarget = Files.readSymbolicLink(host).toString();
      } catch (IOException e) {
        unreadable = reason(e);
      }
    }
    add(into, budget, devicePath, new FileState(type, sha256, String.format("%04o", mode & 07777), owner,
        uid + ":" + gid, mtime.toInstant(), size, linkTarget, unreadable, signature));
  }

  private void directory(String devicePath, Path host, int depthLeft, int budget, Map<String, FileState> previous,
      Scan into) {
    if (depthLeft < 0) {
      into.problems.add(devicePath + " is more than " + MAX_DEPTH + " levels below its watched path: not watched");
      return;
    }
    into.directories.add(devicePath);
    TreeSet<String> children = new TreeSet<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(host)) {
      dir.forEach(p -> children.add(p.getFileName().toString()));
    } catch (NoSuchFileException e) {
      return;
    } catch (IOException e) {
      into.unlisted.add(devicePath);
      into.problems.add("cannot list " + devicePath + ": " + reason(e));
      return;
    }
    for (String name : children) {
      scan(RootPaths.child(devicePath, name), depthLeft - 1, budget, previous, into);
    }
  }

  private static void add(Scan into, int budget, String devicePath, FileState state) {
    if (into.files.size() >= budget) {
      into.limitHit = true;
    } else {
      into.files.put(devicePath, state);
    }
  }

  private String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
    try (InputStream in = opener.open(file)) {
      byte[] buffer = new byte[65536];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static String type(int mode) {
    return switch (mode & 0170000) {
      case 0100000 -> "file";
      case 0120000 -> "symlink";
      case 0010000 -> "fifo";
      case 0140000 -> "socket";
      case 0020000 -> "char-device";
      case 0060000 -> "block-device";
      default -> "unknown";
    };
  }

  /** An exception as a reason: its class's simple name, and its message when that adds something. */
  static String reason(Exception e) {
    String name = e.getClass().getSimpleName();
    // A FileSystemException's message repeats the host path: the device path is in the event already.
    String detail = e instanceof FileSystemException f ? f.getReason() : e.getMessage();
    return detail == null ? name : name + ": " + detail;
  }
}
