package io.vigil.agent.collect.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTailTest {
  @TempDir Path dir;
  private final FileTail tail = new FileTail();

  private String next(Path file) throws Exception {
    FileTail.Chunk c = tail.next(file);
    if (c == null) {
      return null;
    }
    tail.advance(c, c.bytes().length);
    return new String(c.bytes(), StandardCharsets.UTF_8);
  }

  private static void append(Path file, String text) throws Exception {
    Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  @Test
  void theBaselineSkipsWhatIsThereAndLaterReadsGetOnlyAppends() throws Exception {
    Path log = dir.resolve("auth.log");
    append(log, "old 1\nold 2\npartial");
    tail.baseline(log, 1);
    assertThat(next(log)).as("the partial last line is read whole later").isEqualTo("partial");
    append(log, " line\nnew\n");
    assertThat(next(log)).isEqualTo(" line\nnew\n");
    assertThat(next(log)).isEmpty();
  }

  @Test
  void binaryBaselinesRoundDownToWholeRecords() throws Exception {
    Path wtmp = dir.resolve("wtmp");
    Files.write(wtmp, new byte[384 * 2 + 100]);
    tail.baseline(wtmp, 384);
    FileTail.Chunk c = tail.next(wtmp);
    assertThat(c.offset()).isEqualTo(768);
    assertThat(c.bytes()).hasSize(100);
  }

  @Test
  void aRotatedFileIsReadFromItsStartWithoutTheOldLines() throws Exception {
    Path log = dir.resolve("auth.log");
    append(log, "old\n");
    tail.baseline(log, 1);
    append(log, "before rotation\n");
    assertThat(next(log)).isEqualTo("before rotation\n");
    Files.move(log, dir.resolve("auth.log.1"));
    append(log, "after rotation\n");
    FileTail.Chunk c = tail.next(log);
    assertThat(c.restarted()).isTrue();
    assertThat(c.offset()).isZero();
    assertThat(new String(c.bytes(), StandardCharsets.UTF_8)).isEqualTo("after rotation\n");
  }

  @Test
  void aTruncatedFileIsReadFromItsStart() throws Exception {
    Path log = dir.resolve("auth.log");
    append(log, "a long line that was there before\n");
    tail.baseline(log, 1);
    Files.writeString(log, "short\n", StandardOpenOption.TRUNCATE_EXISTING);
    FileTail.Chunk c = tail.next(log);
    assertThat(c.restarted()).isTrue();
    assertThat(new String(c.bytes(), StandardCharsets.UTF_8)).isEqualTo("short\n");
  }

  @Test
  void aFileAbsentAtTheBaselineIsReadWholeOnceItAppears() throws Exception {
    Path log = dir.resolve("secure");
    tail.baseline(log, 1);
    assertThat(next(log)).isNull();
    append(log, "first\n");
    assertThat(next(log)).isEqualTo("first\n");
  }

  @Test
  void aReadHandsOutAtMostOneChunk() throws Exception {
    Path big = dir.resolve("big");
    tail.baseline(big, 1);
    Files.write(big, new byte[FileTail.MAX_CHUNK + 10]);
    FileTail.Chunk c = tail.next(big);
    assertThat(c.bytes()).hasSize(FileTail.MAX_CHUNK);
    tail.advance(c, c.bytes().length);
    assertThat(tail.next(big).bytes()).hasSize(10);
  }
}
