package io.vigil.agent.collect.network;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** Copies a fixture tree from the test resources, and makes the symbolic links resources cannot hold. */
final class FixtureTree {
  private FixtureTree() {}

  /** The test resource {@code name} next to {@code test}'s package, as a path. */
  static Path resource(Class<?> test, String name) {
    try {
      return Path.of(test.getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Copies every file under {@code from} to {@code to}, replacing what is there. */
  static void copy(Path from, Path to) {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Makes the links of a {@code PATH TARGET} per line file ({@code #} starts a comment) under {@code root}. */
  static void link(Path links, Path root) {
    try {
      for (String line : Files.readAllLines(links)) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        int space = line.indexOf(' ');
        Path link = root.resolve(line.substring(0, space));
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, Path.of(line.substring(space + 1)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
