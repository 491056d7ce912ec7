package io.vigil.agent.collect.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JournalReaderTest {
  private static final String SSHD = """
      {"__CURSOR":"s=1;i=10","__REALTIME_TIMESTAMP":"1763805662123456","_PID":"812","SYSLOG_IDENTIFIER":"sshd","_COMM":"sshd","MESSAGE":"Failed password for root from 192.0.2.4 port 5000 ssh2","SYSLOG_FACILITY":"4"}
      """;

  @Test
  void entriesAreReadWithProgramPidTimeAndMessage() {
    JournalReader.Result r = JournalReader.parse(SSHD
        + "{\"__CURSOR\":\"s=1;i=11\",\"_PID\":\"9\",\"_COMM\":\"su\",\"MESSAGE\":[104,105,255],\"X\":{\"nested\":[1]},\"Y\":[\"a\",\"b\"]}\n"
        + "not json\n"
        + "{\"__CURSOR\":\"s=1;i=12\",\"_PID\":\"9\"}\n"
        + "[1,2]\n");
    assertThat(r.entries()).containsExactly(
        new JournalReader.Entry("sshd", 812, Instant.parse("2025-11-22T10:01:02.123456Z"),
            "Failed password for root from 192.0.2.4 port 5000 ssh2"),
        new JournalReader.Entry("su", 9, null, "hi\uFFFD"));
    assertThat(r.lastCursor()).isEqualTo("s=1;i=12");
    assertThat(r.skipped()).isEqualTo(3);
    assertThat(r.firstSkip()).startsWith("journalctl output line 3: Unrecognized token 'not'");
  }

  @Test
  void theFirstReadStartsAtTheBaselineTimeAndLaterOnesAfterTheLastCursor() throws Exception {
    List<List<String>> commands = new ArrayList<>();
    List<String> outputs = new ArrayList<>(List.of(SSHD, "", SSHD.replace("i=10", "i=20")));
    JournalReader reader = new JournalReader((command, timeout) -> {
      commands.add(command);
      return outputs.removeFirst();
    });
    reader.baseline(Instant.parse("2026-11-22T10:00:00.900Z"));
    assertThat(reader.read().entries()).hasSize(1);
    assertThat(reader.read().entries()).isEmpty();
    reader.read();
    List<String> base = JournalReader.COMMAND;
    assertThat(commands).containsExactly(
        concat(base, "--since=@1795341600"),
        concat(base, "--after-cursor=s=1;i=10"),
        concat(base, "--after-cursor=s=1;i=10"));
    assertThat(base).containsSubsequence("-o", "json").contains("SYSLOG_FACILITY=4", "SYSLOG_FACILITY=10");
  }

  private static List<String> concat(List<String> base, String last) {
    List<String> all = new ArrayList<>(base);
    all.add(last);
    return all;
  }
}
