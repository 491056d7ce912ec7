package io.vigil.detect.pack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Rule files on disk with the fixtures beside them: what {@code vigil rules test PATH} runs. */
public final class RuleFiles {
  private RuleFiles() {}

  /**
   * The {@code *.yml} and {@code *.yaml} files under {@code paths} (files or directories, searched
   * recursively), each with the fixtures next to it.
   *
   * @throws IllegalArgumentException naming a path that does not exist
   * @throws UncheckedIOException naming a file that cannot be read
   */
  public static List<RuleFile> under(List<Path> paths) {
    List<RuleFile> out = new ArrayList<>();
    for (Path path : paths) {
      if (!Files.exists(path)) {
        throw new IllegalArgumentException(path + ": no such file or directory");
      }
      List<Path> files = new ArrayList<>();
      if (Files.isDirectory(path)) {
        try (Stream<Path> walk = Files.walk(path)) {
          walk.filter(Files::isRegularFile).filter(RuleFiles::isYaml).sorted().forEach(files::add);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot list " + path + ": " + e.getMessage(), e);
        }
      } else {
        files.add(path);
      }
      for (Path f : files) {
        RuleFile bare = new RuleFile(f.toString(), read(f), null, null);
        out.add(new RuleFile(bare.name(), bare.yaml(), optional(Path.of(bare.fixtureName("positive"))),
            optional(Path.of(bare.fixtureName("negative")))));
      }
    }
    return out;
  }

  private static boolean isYaml(Path p) {
    String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".yml") || name.endsWith(".yaml");
  }

  private static String optional(Path p) {
    return Files.isRegularFile(p) ? read(p) : null;
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
    }
  }
}
