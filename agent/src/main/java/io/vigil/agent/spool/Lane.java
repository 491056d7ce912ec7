package io.vigil.agent.spool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The records of one priority: a chain of segment files in seq order, from which records leave
 * only at the head (acknowledged or dropped). Not thread-safe; {@link DiskSpool} serialises calls.
 */
final class Lane implements AutoCloseable {
  /** A pending record: where its frame is and how long its payload is. */
  record Ref(long seq, Segment segment, long offset, int length) {
    long framedSize() {
      return RecordFormat.framedSize(length);
    }
  }

  private final Priority priority;
  private final Path dir;
  private final int segmentBytes;
  private final ArrayDeque<Segment> segments = new ArrayDeque<>();
  private final ArrayDeque<Ref> pending = new ArrayDeque<>();
  private long pendingBytes;
  private Segment unforced;

  private Lane(Priority priority, Path dir, int segmentBytes) {
    this.priority = priority;
    this.dir = dir;
    this.segmentBytes = segmentBytes;
  }

  /**
   * Opens the lane in {@code dir}, creating it if needed: scans every segment, reports corrupt and
   * torn records into {@code problems}, cuts a torn tail off the last segment.
   */
  static Lane open(Path dir, Priority priority, int segmentBytes, List<String> problems)
      throws IOException {
    Files.createDirectories(dir);
    Lane lane = new Lane(priority, dir, segmentBytes);
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(p -> p.getFileName().toString().matches("\\d{12}\\.seg")).sorted().toList();
    }
    for (int i = 0; i < files.size(); i++) {
      Path file = files.get(i);
      String name = dir.getFileName() + "/" + file.getFileName();
      SegmentScanner.Result scan = SegmentScanner.scan(name, Files.readAllBytes(file), priority);
      problems.addAll(scan.problems());
      boolean last = i == files.size() - 1;
      long size = last ? scan.goodEnd() : Files.size(file);
      if (last && size < Files.size(file)) {
        problems.add(name + ": truncated from " + Files.size(file) + " to " + size
            + " bytes, after the last valid record");
      }
      long lastSeq = scan.records().isEmpty() ? 0 : scan.records().getLast().seq();
      Segment segment = Segment.open(file, size, lastSeq);
      lane.segments.add(segment);
      for (SegmentScanner.Found f : scan.records()) {
        lane.push(new Ref(f.seq(), segment, f.offset(), f.length()));
      }
    }
    return lane;
  }

  /**
   * Appends a record, starting a new segment when the current one is full; it is durable once
   * {@link #force()} has returned.
   */
  void append(long seq, byte[] payload) throws IOException {
    Segment tail = segments.peekLast();
    long framed = RecordFormat.framedSize(payload.length);
    if (tail == null || (tail.size() > 0 && tail.size() + framed > segmentBytes)) {
      force();
      tail = Segment.create(dir, seq);
      segments.add(tail);
    }
    long offset = tail.append(seq, RecordFormat.encode(seq, priority, payload));
    unforced = tail;
    push(new Ref(seq, tail, offset, payload.length));
  }

  /** Forces the records appended since the last call to disk. */
  void force() throws IOException {
    if (unforced != null) {
      unforced.force();
      unforced = null;
    }
  }

  private void push(Ref ref) {
    pending.add(ref);
    pendingBytes += ref.framedSize();
  }

  /** The oldest pending record, or null if there is none. */
  Ref head() {
    return pending.peekFirst();
  }

  /** The pending records, oldest first. */
  Iterator<Ref> iterator() {
    return pending.iterator();
  }

  /** Forgets the pending records with seq up to {@code seq}; returns how many. */
  int removeUpTo(long seq) {
    int removed = 0;
    while (!pending.isEmpty() && pending.peekFirst().seq() <= seq) {
      pendingBytes -= pending.removeFirst().framedSize();
      removed++;
    }
    return removed;
  }

  /**
   * Deletes the segment files whose records are all up to {@code seq}. Call only once that
   * position is durable, or a crash would lose records that were never acknowledged.
   */
  void deleteSegmentsUpTo(long seq) throws IOException {
    List<Segment> done = new ArrayList<>();
    for (Segment s : segments) {
      if (s.lastSeq() > seq) {
        break;
      }
      done.add(s);
    }
    for (Segment s : done) {
      if (s == unforced) {
        unforced = null;
      }
      segments.remove(s);
      s.delete();
    }
    if (!done.isEmpty()) {
      Directories.sync(dir);
    }
  }

  byte[] read(Ref ref) throws IOException {
    return ref.segment().read(ref.offset(), ref.length());
  }

  /** The highest seq in any segment of this lane, pending or not, or 0. */
  long lastSeq() {
    return segments.stream().mapToLong(Segment::lastSeq).max().orElse(0);
  }

  int pendingRecords() {
    return pending.size();
  }

  long pendingBytes() {
    return pendingBytes;
  }

  @Override
  public void close() throws IOException {
    IOException first = null;
    for (Segment s : segments) {
      try {
        s.close();
      } catch (IOException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
