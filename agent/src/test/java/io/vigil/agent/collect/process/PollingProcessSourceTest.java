package io.vigil.agent.collect.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.event.ProcessCreate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PollingProcessSourceTest {
  @TempDir Path root;

  private void process(long pid, long ppid, String comm, String cmdline, String exe, int uid, long startTicks) throws Exception {
    Path dir = Files.createDirectories(root.resolve("proc/" + pid));
    Files.writeString(dir.resolve("stat"),
        pid + " (" + comm + ") S " + ppid + " 1 1 0 -1 4194560 100 0 0 0 0 0 0 0 20 0 1 0 " + startTicks + " 1000 100\n");
    Files.writeString(dir.resolve("status"), "Name:\t" + comm + "\nUid:\t" + uid + "\t" + uid + "\t" + uid + "\t" + uid + "\n");
    Files.write(dir.resolve("cmdline"), cmdline.replace(' ', '\0').concat("\0").getBytes());
    if (exe != null) {
      Files.createSymbolicLink(dir.resolve("exe"), Path.of(exe));
    }
    Files.createSymbolicLink(dir.resolve("cwd"), Path.of("/srv"));
  }

  private void fixture() throws Exception {
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/bash\nsvc:x:1001:1001::/home/svc:/bin/sh\n");
    Files.createDirectories(root.resolve("proc"));
    Files.writeString(root.resolve("proc/stat"), "cpu  1 2 3\nbtime 1700000000\n");
    process(1, 0, "init", "/sbin/init", "/sbin/init", 0, 1);
    process(2, 0, "kthreadd", "", null, 0, 1); // kernel thread: no exe, empty cmdline
  }

  @Test
  void firstPollLearnsThenReportsOnlyNewProcesses() throws Exception {
    fixture();
    PollingProcessSource source = new PollingProcessSource(root);
    assertThat(source.available()).isTrue();
    assertThat(source.poll()).isEmpty();

    process(4242, 1, "weird ) name", "/tmp/.x/xmrig -o stratum+tcp://pool:3333", "/tmp/.x/xmrig", 1001, 250);
    List<ProcessCreate.Process> started = source.poll();
    assertThat(started).singleElement().satisfies(p -> {
      assertThat(p.processId()).isEqualTo(4242);
      assertThat(p.parentProcessId()).isEqualTo(1);
      assertThat(p.executable()).isEqualTo("/tmp/.x/xmrig");
      assertThat(p.commandLine()).isEqualTo("/tmp/.x/xmrig -o stratum+tcp://pool:3333");
      assertThat(p.userId()).isEqualTo("1001");
      assertThat(p.userName()).isEqualTo("svc");
      assertThat(p.extraDetails())
          .containsEntry("ParentExecutable", "/sbin/init")
          .containsEntry("CurrentDirectory", "/srv")
          .containsEntry("StartTime", Instant.ofEpochSecond(1700000000).plusMillis(2500).toString());
    });
    assertThat(source.poll()).isEmpty();
  }

  @Test
  void snapshotSkipsKernelThreads() throws Exception {
    fixture();
    assertThat(new PollingProcessSource(root).snapshot()).extracting(ProcessCreate.Process::executable).containsExactly("/sbin/init");
  }

  @Test
  void missingProcIsReportedAsUnavailable() {
    assertThat(new PollingProcessSource(root.resolve("nowhere")).available()).isFalse();
  }

  @Test
  void catchesARealProcessOnThisHost() throws Exception {
    PollingProcessSource source = new PollingProcessSource(Path.of("/"));
    source.poll();
    Process sleep = new ProcessBuilder("sleep", "7.5").start();
    try {
      List<ProcessCreate.Process> seen = new ArrayList<>();
      Instant deadline = Instant.now().plus(Duration.ofSeconds(5));
      while (seen.stream().noneMatch(p -> p.processId() == sleep.pid()) && Instant.now().isBefore(deadline)) {
        seen.addAll(source.poll());
        Thread.sleep(50);
      }
      assertThat(seen).filteredOn(p -> p.processId() == sleep.pid()).singleElement().satisfies(p -> {
        assertThat(p.commandLine()).isEqualTo("sleep 7.5");
        assertThat(p.executable()).endsWith("/sleep");
        assertThat(p.parentProcessId()).isEqualTo(ProcessHandle.current().pid());
      });
    } finally {
      sleep.destroy();
    }
  }
}
