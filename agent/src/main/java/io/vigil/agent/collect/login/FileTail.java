package io.vigil.agent.collect.login;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Follows files that grow by appending (wtmp, btmp, auth.log) and hands out what was appended
 * since the previous read.
 *
 * <p>Rotation and truncation: when the file's inode changed or it got shorter than the remembered
 * offset, it is read again from its start. Log rotation moves the old records away with the old
 * file, so what the new file holds is new and nothing is reported twice; records appended to the
 * old file between the last read and the rotation are lost. A file that was absent at the
 * baseline and appears later is read from its start too. Not thread-safe.
 */
final class FileTail {
  /** The most bytes one read hands out; the rest comes with the next read. */
  static final int MAX_CHUNK = 4 * 1024 * 1024;

  /**
   * Bytes appended to a file.
   *
   * @param offset where {@code bytes} start in the file
   * @param restarted true if the file was rotated or truncated since the previous read
   */
  record Chunk(Path file, Object fileKey, long offset, byte[] bytes, boolean restarted) {}

  private record Position(Object fileKey, long offset) {}

  private static final Position ABSENT = new Position(null, 0);

  private final Map<Path, Position> positions = new HashMap<>();

  /**
   * Remembers where {@code file} ends now, rounded down to a multiple of {@code recordSize} (1 for
   * text, which is rounded back to the last line end instead); an absent file is remembered as
   * absent.
   */
  void baseline(Path file, int recordSize) throws IOException {
    BasicFileAttributes a = attributes(file);
    if (a == null) {
      positions.put(file, ABSENT);
      return;
    }
    long end = a.size();
    end = recordSize > 1 ? end - end % recordSize : lastLineEnd(file, end);
    positions.put(file, new Position(a.fileKey(), end));
  }

  /** What was appended since the previous read; null if the file is absent. */
  Chunk next(Path file) throws IOException {
    BasicFileAttributes a = attributes(file);
    if (a == null) {
      positions.put(file, ABSENT);
      return null;
    }
    Position p = positions.getOrDefault(file, ABSENT);
    boolean restarted = p != ABSENT && (!Objects.equals(p.fileKey(), a.fileKey()) || a.size() < p.offset());
    long from = p == ABSENT || restarted ? 0 : p.offset();
    int length = (int) Math.min(MAX_CHUNK, a.size() - from);
    byte[] bytes = new byte[length];
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining() && ch.read(buffer, from + buffer.position()) > 0) {
        // read until full or the end
      }
      if (buffer.hasRemaining()) {
        byte[] shorter = new byte[buffer.position()];
        System.arraycopy(bytes, 0, shorter, 0, shorter.length);
        bytes = shorter;
      }
    }
    return new Chunk(file, a.fileKey(), from, bytes, restarted);
  }

  /** Records that {@code consumed} bytes of {@code chunk} were handled. */
  void advance(Chunk chunk, int consumed) {
    positions.put(chunk.file(), new Position(chunk.fileKey(), chunk.offset() + consumed));
  }

  private static BasicFileAttributes attributes(Path file) throws IOException {
    try {
      return Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /** The offset just after the last newline before {@code size}, looking back at most 64 KiB. */
  private static long lastLineEnd(Path file, long size) throws IOException {
    int window = (int) Math.min(size, 65536);
    ByteBuffer buffer = ByteBuffer.allocate(window);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      while (buffer.hasRemaining() && ch.read(buffer, size - window + buffer.position()) > 0) {
        // read the window
      }
    }
    for (int i = buffer.position() - 1; i >= 0; i--) {
      if (buffer.get(i) == '\n') {
        return size - window + i + 1;
      }
    }
    return size; // no line end in sight: a monster line, take the end as it is
  }
}
