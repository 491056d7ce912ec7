package io.vigil.agent.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The durable per-priority "removed up to seq" positions of a spool, in the file {@code removed}:
 * magic "VSR1", one 8-byte seq per priority, CRC32C. Replaced atomically (write, fsync, rename).
 */
final class RemovedFile {
  static final String NAME = "removed";
  private static final int MAGIC = 0x56535231;
  private static final int SIZE = 4 + 8 * Priority.values().length + 4;

  private final Path dir;

  RemovedFile(Path dir) {
    this.dir = dir;
  }

  /**
   * The stored positions, or all zero (replay everything) if there is no file or it is corrupt;
   * a corrupt file is reported into {@code problems}.
   */
  long[] read(List<String> problems) throws IOException {
    long[] removed = new long[Priority.values().length];
    byte[] data;
    try {
      data = Files.readAllBytes(dir.resolve(NAME));
    } catch (NoSuchFileException e) {
      return removed;
    }
    ByteBuffer buf = ByteBuffer.wrap(data);
    if (data.length != SIZE || buf.getInt(0) != MAGIC
        || buf.getInt(SIZE - 4) != RecordFormat.crc(data, 0, SIZE - 4)) {
      problems.add(NAME + ": " + data.length + " bytes, not a valid position file of " + SIZE
          + " bytes with magic and checksum; every record on disk is replayed");
      return removed;
    }
    for (int i = 0; i < removed.length; i++) {
      removed[i] = buf.getLong(4 + 8 * i);
    }
    return removed;
  }

  /** Replaces the stored positions with {@code removed}, durably. */
  void write(long[] removed) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(SIZE).putInt(MAGIC);
    for (long seq : removed) {
      buf.putLong(seq);
    }
    buf.putInt(RecordFormat.crc(buf.array(), 0, SIZE - 4)).flip();
    Path tmp = dir.resolve(NAME + ".tmp");
    try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      while (buf.hasRemaining()) {
        channel.write(buf);
      }
      channel.force(true);
    }
    Files.move(tmp, dir.resolve(NAME), StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    Directories.sync(dir);
  }
}
