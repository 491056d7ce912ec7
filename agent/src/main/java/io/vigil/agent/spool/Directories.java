package io.vigil.agent.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Makes the creation, deletion and renaming of files in a directory durable. */
final class Directories {
  private Directories() {}

  /** Forces the directory entry of {@code dir} to disk (fsync on the directory). */
  static void sync(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }
}
