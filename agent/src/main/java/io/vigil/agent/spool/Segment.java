package io.vigil.agent.spool;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** One segment file of a lane: records appended at its end, read at any offset. Not thread-safe. */
final class Segment implements AutoCloseable {
  private final Path path;
  private final FileChannel channel;
  private long size;
  private long lastSeq;

  private Segment(Path path, FileChannel channel, long size, long lastSeq) {
    this.path = path;
    this.channel = channel;
    this.size = size;
    this.lastSeq = lastSeq;
  }

  /** Creates the segment file for records from {@code firstSeq} on, and makes its name durable. */
  static Segment create(Path dir, long firstSeq) throws IOException {
    Path path = dir.resolve(name(firstSeq));
    FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.READ, StandardOpenOption.WRITE);
    Directories.sync(dir);
    return new Segment(path, channel, 0, 0);
  }

  /** Opens an existing segment that holds {@code size} good bytes, the last with {@code lastSeq}. */
  static Segment open(Path path, long size, long lastSeq) throws IOException {
    FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
    if (channel.size() > size) {
      channel.truncate(size);
      channel.force(true);
    }
    return new Segment(path, channel, size, lastSeq);
  }

  /** The file name of the segment that starts at {@code firstSeq}, e.g. 000000000001.seg. */
  static String name(long firstSeq) {
    return String.format("%012d.seg", firstSeq);
  }

  /** Appends one framed record, not yet forced to disk (see {@link #force()}); returns its offset. */
  long append(long seq, ByteBuffer frame) throws IOException {
    long offset = size;
    long at = offset;
    while (frame.hasRemaining()) {
      at += channel.write(frame, at);
    }
    size = at;
    lastSeq = seq;
    return offset;
  }

  /** Forces the appended records to disk (fdatasync). */
  void force() throws IOException {
    channel.force(false);
  }

  /** The payload of the record framed at {@code offset} with {@code length} payload bytes. */
  byte[] read(long offset, int length) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(length);
    long at = offset + RecordFormat.HEADER;
    while (buf.hasRemaining()) {
      int n = channel.read(buf, at);
      if (n < 0) {
        throw new EOFException(path + ": record at offset " + offset + " ends past the end of the file");
      }
      at += n;
    }
    return buf.array();
  }

  /** Closes and deletes the file. */
  void delete() throws IOException {
    channel.close();
    Files.deleteIfExists(path);
  }

  Path path() {
    return path;
  }

  long size() {
    return size;
  }

  /** The seq of the last record in this segment, or 0 if it holds none. */
  long lastSeq() {
    return lastSeq;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
