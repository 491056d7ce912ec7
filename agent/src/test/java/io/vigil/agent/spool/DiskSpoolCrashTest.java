package io.vigil.agent.spool;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kills a child JVM (SIGKILL) while it appends, then checks that nothing it was told is durable got lost. */
class DiskSpoolCrashTest {
  @TempDir Path dir;

  @Test
  void everySeqTheChildSawReturnedSurvivesASigkill() throws Exception {
    // stdout goes to a file so that every line written before the kill can be read after it
    Path out = Files.createTempFile(dir.getParent(), "spool-child", ".out");
    Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
        "-Xmx64m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        SpoolCrashChild.class.getName(), dir.resolve("spool").toString())
        .redirectOutput(out.toFile())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    try {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (Files.size(out) < 4000 && child.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
    } finally {
      child.destroyForcibly();
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
    String printed = Files.readString(out, UTF_8);
    Files.delete(out);
    List<Long> seqs = new ArrayList<>();
    long lastAck = 0;
    // a line the kill cut short has no newline and is not counted
    for (String line : printed.substring(0, printed.lastIndexOf('\n') + 1).split("\n")) {
      if (line.startsWith("ack ")) {
        lastAck = Long.parseLong(line.substring(4));
      } else {
        seqs.add(Long.parseLong(line));
      }
    }
    assertThat(seqs).as("the child was killed, not finished").hasSizeGreaterThanOrEqualTo(300);
    long lastPrinted = seqs.getLast();
    long firstUnacked = lastAck + 1;

    try (DiskSpool spool = DiskSpool.open(dir.resolve("spool"), new SpoolSettings(1L << 30, 4096))) {
      System.out.println("spool crash test: killed after seq " + lastPrinted + ", last ack " + lastAck
          + ", recovery problems " + spool.recoveryProblems());
      assertThat(spool.recoveryProblems()).allSatisfy(p -> assertThat(p).containsAnyOf(
          "bytes left", "truncated from"));
      List<DiskSpool.Entry> pending = spool.peek(Integer.MAX_VALUE, Long.MAX_VALUE);
      // an acknowledgement in flight at the kill may have become durable: then pending starts 50 later
      assertThat(pending.getFirst().seq()).isIn(firstUnacked, firstUnacked + 50);
      // likewise one append in flight may have become durable without being printed
      assertThat(pending.getLast().seq()).isIn(lastPrinted, lastPrinted + 1);
      for (int i = 0; i < pending.size(); i++) {
        DiskSpool.Entry e = pending.get(i);
        assertThat(e.seq()).isEqualTo(pending.getFirst().seq() + i);
        assertThat(new String(e.record(), UTF_8)).isEqualTo("record-" + e.seq());
        assertThat(e.priority()).isEqualTo(Priority.values()[(int) (e.seq() % 3)]);
      }
      assertThat(pending).extracting(DiskSpool.Entry::seq)
          .containsAll(seqs.stream().filter(s -> s >= pending.getFirst().seq()).toList());

      long next = spool.append(Priority.HIGH, "after the crash".getBytes(UTF_8)).orElseThrow();
      assertThat(next).isEqualTo(pending.getLast().seq() + 1);
      spool.acknowledge(next);
      assertThat(spool.peek(10, 1000)).isEmpty();
    }
  }
}
