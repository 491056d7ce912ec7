package io.vigil.agent.collect.baseline;

import io.vigil.agent.collect.TestTrees;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * Builds a baseline fixture root in a temporary directory: copies a tree from the test resources,
 * then applies a layout file (modes, owners, directories, symbolic links), which git cannot keep.
 */
final class FixtureTree {
  private FixtureTree() {}

  /** The resource directory {@code name} beside this class, as a path. */
  static Path resource(String name) {
    try {
      return Path.of(FixtureTree.class.getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** True if this process can give files away (chown), which the layouts need. */
  static boolean canChown() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** The clean fixture under {@code target}. */
  static Path clean(Path target) throws IOException {
    assumeTrue(canChown(), "the baseline fixtures set file owners (root:shadow ...), which needs root");
    copy(resource("clean/root"), target);
    layout(resource("clean/layout.txt"), target);
    return target;
  }

  /**
   * The clean fixture with the known misconfigurations of {@code misconfigured/} applied: its overlay
   * copied over the clean tree, then the clean layout and its own.
   */
  static Path misconfigured(Path target) throws IOException {
    assumeTrue(canChown(), "the baseline fixtures set file owners (root:shadow ...), which needs root");
    copy(resource("clean/root"), target);
    copy(resource("misconfigured/overlay"), target);
    layout(resource("clean/layout.txt"), target);
    layout(resource("misconfigured/layout.txt"), target);
    return target;
  }

  /** Copies the tree {@code from} over {@code to}, replacing files that exist. */
  static void copy(Path from, Path to) throws IOException {
    TestTrees.copy(from, to);
  }

  /** Applies the lines of {@code layout} to the tree at {@code root}. */
  static void layout(Path layout, Path root) throws IOException {
    for (String line : Files.readAllLines(layout)) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      String[] f = l.split("\\s+");
      if (f[0].equals("link")) {
        Path link = under(root, f[1]);
        Files.createDirectories(link.getParent());
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, Path.of(f[2]));
      } else if (f[0].equals("dir")) {
        Files.createDirectories(under(root, f[3]));
        set(root, f[1], f[2], f[3]);
      } else {
        set(root, f[0], f[1], f[2]);
      }
    }
  }

  private static void set(Path root, String mode, String owner, String path) throws IOException {
    Path p = under(root, path);
    String[] og = owner.split(":");
    Files.setAttribute(p, "unix:uid", id(root.resolve("etc/passwd"), og[0]), LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(p, "unix:gid", id(root.resolve("etc/group"), og[1]), LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(p, "unix:mode", Integer.parseInt(mode, 8), LinkOption.NOFOLLOW_LINKS); // after chown, which clears setuid
  }

  private static Path under(Path root, String absolute) {
    return root.resolve(absolute.substring(1));
  }

  private static int id(Path file, String name) {
    try {
      List<String> lines = Files.readAllLines(file);
      for (String line : lines) {
        String[] f = line.split(":");
        if (f[0].equals(name)) {
          return Integer.parseInt(f[2]);
        }
      }
      throw new IllegalArgumentException("no '" + name + "' in " + file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
