package io.vigil.agent.collect.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Copies fixture trees from this package's test resources into a temp dir. A file {@code NAME.link}
 * becomes a symbolic link {@code NAME} to the path the file holds (resources cannot hold links).
 */
final class FixtureTree {
  private FixtureTree() {}

  /** The resource directory {@code name} of this package. */
  static Path resource(String name) {
    try {
      return Path.of(FixtureTree.class.getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Copies the resource directory {@code name} into {@code target}, which may exist. */
  static void copy(String name, Path target) throws IOException {
    Path from = resource(name);
    List<Path> all;
    try (Stream<Path> walk = Files.walk(from)) {
      all = walk.toList();
    }
    for (Path p : all) {
      Path to = target.resolve(from.relativize(p).toString());
      if (Files.isDirectory(p)) {
        Files.createDirectories(to);
      } else if (p.getFileName().toString().endsWith(".link")) {
        String name2 = to.getFileName().toString();
        Files.createSymbolicLink(to.resolveSibling(name2.substring(0, name2.length() - 5)), Path.of(Files.readString(p)));
      } else {
        Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  /** Makes process {@code pid} of the resource dir {@code name} appear in {@code root}/proc at once. */
  static void start(String name, long pid, Path root) throws IOException {
    Path staging = Files.createDirectories(root.resolve("staging"));
    copy(name + "/" + pid, staging.resolve(Long.toString(pid)));
    Files.move(staging.resolve(Long.toString(pid)), root.resolve("proc/" + pid), StandardCopyOption.ATOMIC_MOVE);
  }

  /** Makes process {@code pid} vanish from {@code root}/proc at once. */
  static void stop(long pid, Path root) throws IOException {
    Path gone = Files.createDirectories(root.resolve("gone"));
    Files.move(root.resolve("proc/" + pid), gone.resolve(Long.toString(pid)), StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Deletes everything under {@code dir}, links not followed; for an {@code @AfterEach}, so that
   * JUnit does not warn about links to outside its temp dir.
   */
  static void clean(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        if (!p.equals(dir)) {
          Files.delete(p);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
