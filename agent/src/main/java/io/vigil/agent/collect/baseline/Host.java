package io.vigil.agent.collect.baseline;

import io.vigil.agent.collect.CollectorContext;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The system under assessment, read through the collector's root, for one collection round.
 *
 * <p>Paths are written as on the target ({@code /etc/shadow}) and shown that way in findings, whatever
 * the root. What several checks share (dpkg status, accounts, mounts, sysctl settings, file-tree
 * scans) is read once per round and kept here. Not thread-safe: one round runs on one thread.
 */
final class Host {
  private final CollectorContext ctx;
  private final Map<Class<?>, Object> facts = new HashMap<>();
  private final Map<String, TreeScan> scans = new HashMap<>();

  Host(CollectorContext ctx) {
    this.ctx = ctx;
  }

  CollectorContext context() {
    return ctx;
  }

  /** True on the live system, where run-time state (/proc, the loaded ruleset) can be read too. */
  boolean live() {
    return ctx.isLiveRoot();
  }

  /** {@code absolute} under the root. */
  Path path(String absolute) {
    return ctx.path(absolute);
  }

  /** True if {@code absolute} exists (a dangling symbolic link counts). */
  boolean exists(String absolute) {
    return Files.exists(path(absolute), LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * The text of {@code absolute}, or empty if there is no such file.
   *
   * @throws IOException if it exists but cannot be read
   */
  Optional<String> read(String absolute) throws IOException {
    try {
      return Optional.of(Files.readString(resolve(absolute), StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (MalformedInputException e) {
      // Not UTF-8 (an old Latin-1 banner, say): still readable, byte for byte.
      return Optional.of(new String(Files.readAllBytes(resolve(absolute)), StandardCharsets.ISO_8859_1));
    }
  }

  /**
   * {@code absolute} under the root with a symbolic link at its end followed inside the root, so that
   * an absolute link in a mounted image does not lead out to the host.
   */
  Path resolve(String absolute) throws IOException {
    Path p = path(absolute);
    for (int hops = 0; hops < 8 && Files.isSymbolicLink(p); hops++) {
      Path target = Files.readSymbolicLink(p);
      p = target.isAbsolute() ? ctx.path(target.toString()) : p.resolveSibling(target).normalize();
    }
    return p;
  }

  /**
   * The paths matching {@code pattern}, sorted; only its last segment may hold {@code *} or {@code ?}.
   * A pattern without wildcards yields itself if it exists.
   */
  List<String> glob(String pattern) throws IOException {
    int slash = pattern.lastIndexOf('/');
    String dir = slash <= 0 ? "/" : pattern.substring(0, slash);
    String name = pattern.substring(slash + 1);
    if (name.indexOf('*') < 0 && name.indexOf('?') < 0) {
      return exists(pattern) ? List.of(pattern) : List.of();
    }
    List<String> out = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(path(dir), name)) {
      for (Path p : stream) {
        out.add((dir.equals("/") ? "" : dir) + "/" + p.getFileName());
      }
    } catch (NoSuchFileException | NotDirectoryException e) {
      return List.of();
    }
    out.sort(null);
    return out;
  }

  Dpkg dpkg() throws IOException {
    return fact(Dpkg.class, () -> Dpkg.read(this));
  }

  Accounts accounts() throws IOException {
    return fact(Accounts.class, () -> Accounts.read(this));
  }

  Mounts mounts() throws IOException {
    return fact(Mounts.class, () -> Mounts.read(this));
  }

  SysctlSettings sysctl() throws IOException {
    return fact(SysctlSettings.class, () -> SysctlSettings.read(this));
  }

  Modprobe modprobe() throws IOException {
    return fact(Modprobe.class, () -> Modprobe.read(this));
  }

  FirewallView firewall() {
    return (FirewallView) facts.computeIfAbsent(FirewallView.class, k -> FirewallView.read(ctx));
  }

  /** The scan of the tree under {@code dir}, made once per round. */
  TreeScan scan(String dir) throws IOException {
    TreeScan scan = scans.get(dir);
    if (scan == null) {
      scan = TreeScan.scan(this, dir);
      scans.put(dir, scan);
    }
    return scan;
  }

  private interface Reader<T> {
    T read() throws IOException;
  }

  private <T> T fact(Class<T> type, Reader<T> reader) throws IOException {
    Object known = facts.get(type);
    if (known == null) {
      known = reader.read();
      facts.put(type, known);
    }
    return type.cast(known);
  }
}
