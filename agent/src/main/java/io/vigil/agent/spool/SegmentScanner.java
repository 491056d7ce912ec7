package io.vigil.agent.spool;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the records of one segment file's bytes, skipping what is corrupt or torn and reporting it
 * with the file name and byte offset. Never throws for bad data.
 */
final class SegmentScanner {
  /** A record found in a segment: its seq, the offset of its frame and its payload length. */
  record Found(long seq, long offset, int length) {}

  /**
   * What a scan found.
   *
   * @param records the valid records in file order
   * @param problems one line per corrupt region, naming the file and byte offset
   * @param goodEnd the offset just after the last valid record (where a torn tail is cut)
   */
  record Result(List<Found> records, List<String> problems, long goodEnd) {}

  private SegmentScanner() {}

  /** Scans {@code data}, the content of {@code fileName}, expecting records of {@code priority}. */
  static Result scan(String fileName, byte[] data, Priority priority) {
    List<Found> records = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    ByteBuffer buf = ByteBuffer.wrap(data);
    int pos = 0;
    long goodEnd = 0;
    long lastSeq = 0;
    while (pos < data.length) {
      String fault = frameFault(buf, pos);
      if (fault != null) {
        int next = nextFrame(buf, pos + 1);
        if (next < 0) {
          problems.add(fileName + " offset " + pos + ": " + fault + "; no valid record after it, the last "
              + (data.length - pos) + " bytes are ignored");
          break;
        }
        problems.add(fileName + " offset " + pos + ": " + fault + "; skipped " + (next - pos)
            + " bytes to the next valid record at offset " + next);
        pos = next;
        continue;
      }
      int length = buf.getInt(pos + 4);
      long seq = buf.getLong(pos + 8);
      int ordinal = buf.get(pos + 16);
      int end = pos + RecordFormat.OVERHEAD + length;
      if (ordinal != priority.ordinal()) {
        problems.add(fileName + " offset " + pos + ": record seq " + seq + " has priority "
            + Priority.values()[ordinal] + " in the " + priority + " segments; skipped");
      } else if (seq <= lastSeq) {
        problems.add(fileName + " offset " + pos + ": record seq " + seq + " does not follow seq "
            + lastSeq + "; skipped");
      } else {
        records.add(new Found(seq, pos, length));
        lastSeq = seq;
      }
      goodEnd = end;
      pos = end;
    }
    return new Result(records, problems, goodEnd);
  }

  /** Why the bytes at {@code pos} are not a valid frame, or null if they are one. */
  private static String frameFault(ByteBuffer buf, int pos) {
    int remaining = buf.limit() - pos;
    if (remaining < RecordFormat.OVERHEAD) {
      return "only " + remaining + " bytes left, less than the " + RecordFormat.OVERHEAD
          + "-byte frame of a record";
    }
    int magic = buf.getInt(pos);
    if (magic != RecordFormat.MAGIC) {
      return String.format("bad magic 0x%08x", magic);
    }
    int length = buf.getInt(pos + 4);
    if (length < 0 || length > remaining - RecordFormat.OVERHEAD) {
      return "record length " + length + " exceeds the " + (remaining - RecordFormat.OVERHEAD)
          + " payload bytes left";
    }
    int ordinal = buf.get(pos + 16);
    if (ordinal < 0 || ordinal >= Priority.values().length) {
      return "bad priority byte " + ordinal;
    }
    int stored = buf.getInt(pos + RecordFormat.HEADER + length);
    int computed = RecordFormat.crc(buf.array(), pos, RecordFormat.HEADER + length);
    if (stored != computed) {
      return String.format("checksum mismatch (stored 0x%08x, computed 0x%08x)", stored, computed);
    }
    return null;
  }

  /** The offset of the next valid frame at or after {@code from}, or -1. */
  private static int nextFrame(ByteBuffer buf, int from) {
    for (int p = from; p + RecordFormat.OVERHEAD <= buf.limit(); p++) {
      if (buf.getInt(p) == RecordFormat.MAGIC && frameFault(buf, p) == null) {
        return p;
      }
    }
    return -1;
  }
}
