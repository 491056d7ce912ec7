package io.vigil.agent.collect;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** Fixture trees for collector tests: a resource directory copied into a temporary root. */
public final class TestTrees {
  private TestTrees() {}

  /** The resource directory {@code name} beside {@code owner}, as a path. */
  public static Path resource(Class<?> owner, String name) {
    try {
      return Path.of(owner.getResource(name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("no test resource '" + name + "' beside " + owner.getName(), e);
    }
  }

  /** Copies the tree {@code from} over {@code to}, replacing files that exist. */
  public static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path dest = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(dest);
        } else {
          Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
