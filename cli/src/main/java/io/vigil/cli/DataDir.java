package io.vigil.cli;

import java.nio.file.Path;

/** Where Vigil keeps its data unless told otherwise: $VIGIL_DATA_DIR, else ~/.local/share/vigil. */
final class DataDir {
  private DataDir() {}

  static Path resolve(Path option) {
    if (option != null) {
      return option;
    }
    String env = System.getenv("VIGIL_DATA_DIR");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    return Path.of(System.getProperty("user.home"), ".local", "share", "vigil");
  }
}
