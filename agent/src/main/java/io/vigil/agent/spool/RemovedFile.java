package io.vigil.agent.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The durable per-priority "removed up to seq" positions of a spool, in the file {@code removed}.
 *
 * <p>The file has two slots of {@value #SLOT} bytes: magic "VSR2", generation (8), one seq (8)
 * per priority, CRC32C (4). Each write goes to the slot the previous one did not use and is forced
 * (one fdatasync, no rename); a write torn by a crash leaves the other slot, one position older,
 * which at worst replays a few records. Not thread-safe; {@link DiskSpool} serialises calls.
 */
final class RemovedFile implements AutoCloseable {
  static final String NAME = "removed";
  private static final int MAGIC = 0x56535232;
  static final int SLOT = 4 + 8 + 8 * 3 + 4;

  private final FileChannel channel;
  private final long[] positions;
  private long generation;

  private RemovedFile(FileChannel channel, long[] positions, long generation) {
    this.channel = channel;
    this.positions = positions;
    this.generation = generation;
  }

  /**
   * Opens or creates the file in {@code dir} and reads the newest valid slot; if there is none
   * although the file has content, reports it into {@code problems} and starts from zero (replay
   * everything).
   */
  static RemovedFile open(Path dir, List<String> problems) throws IOException {
    Path path = dir.resolve(NAME);
    boolean existed = Files.exists(path);
    FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    if (!existed) {
      Directories.sync(dir);
    }
    ByteBuffer data = ByteBuffer.allocate((int) Math.min(channel.size(), 2 * SLOT));
    while (data.hasRemaining() && channel.read(data, data.position()) >= 0) {
      // read until full or end of file
    }
    long[] best = new long[Priority.values().length];
    long bestGeneration = 0;
    for (int slot = 0; (slot + 1) * SLOT <= data.position(); slot++) {
      int at = slot * SLOT;
      if (data.getInt(at) == MAGIC
          && data.getInt(at + SLOT - 4) == RecordFormat.crc(data.array(), at, SLOT - 4)
          && data.getLong(at + 4) > bestGeneration) {
        bestGeneration = data.getLong(at + 4);
        for (int i = 0; i < best.length; i++) {
          best[i] = data.getLong(at + 12 + 8 * i);
        }
      }
    }
    if (bestGeneration == 0 && channel.size() > 0) {
      problems.add(NAME + ": " + channel.size() + " bytes without a valid position slot (magic and"
          + " checksum); every record on disk is replayed");
    }
    return new RemovedFile(channel, best, bestGeneration);
  }

  /** The stored positions, one per priority ordinal. */
  long[] positions() {
    return positions.clone();
  }

  /** Stores {@code removed} durably in the slot the previous write did not use. */
  void write(long[] removed) throws IOException {
    generation++;
    ByteBuffer buf = ByteBuffer.allocate(SLOT).putInt(MAGIC).putLong(generation);
    for (long seq : removed) {
      buf.putLong(seq);
    }
    buf.putInt(RecordFormat.crc(buf.array(), 0, SLOT - 4)).flip();
    long at = (generation % 2) * SLOT;
    while (buf.hasRemaining()) {
      at += channel.write(buf, at);
    }
    channel.force(false);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
