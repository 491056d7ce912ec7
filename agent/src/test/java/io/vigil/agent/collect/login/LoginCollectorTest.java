package io.vigil.agent.collect.login;

import io.vigil.agent.collect.TestTrees;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vigil.agent.collect.CollectorContext;
import io.vigil.agent.collect.CollectorUnavailableException;
import io.vigil.model.event.Login;
import io.vigil.model.event.Login.Result;
import io.vigil.model.event.SecurityEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoginCollectorTest {
  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @TempDir Path root;

  @BeforeEach
  void fixture() throws Exception {
    TestTrees.copy(TestTrees.resource(getClass(), "root"), root);
    // Before the baseline: alice logged in on pts/0 and someone failed once. None of it is news.
    Files.write(root.resolve("var/log/wtmp"), new UtmpBytes()
        .add(2, 0, "~", "~~", "reboot", "6.1.0", 1_795_330_000L, 0, null)
        .add(7, 100, "pts/0", "ts/0", "alice", "192.0.2.1", 1_795_330_001L, 0, "192.0.2.1").bytes());
    Files.write(root.resolve("var/log/btmp"),
        new UtmpBytes().add(6, 200, "ssh:notty", "", "test", "203.0.113.9", 1_795_330_600L, 0, "203.0.113.9").bytes());
  }

  private CollectorContext ctx(Path at) {
    return new CollectorContext(at, CLOCK, ZoneOffset.UTC);
  }

  private static void append(Path file, byte[] bytes) throws Exception {
    Files.write(file, bytes, StandardOpenOption.APPEND, StandardOpenOption.CREATE);
  }

  private static List<Login.Attempt> attempts(List<SecurityEvent> events) throws Exception {
    if (!events.isEmpty()) {
      assertWireRoundTrip(events);
    }
    List<Login.Attempt> all = new ArrayList<>();
    for (SecurityEvent e : events) {
      assertThat(e.header().timestampUtc()).isEqualTo(NOW);
      all.addAll(((Login) e).payload());
    }
    return all;
  }

  @Test
  void fixtureTreeReportsOnlyWhatWasAppendedAfterTheBaselineWithEveryField() throws Exception {
    LoginCollector collector = new LoginCollector(ctx(root));
    assertThat(collector.name()).isEqualTo("login");
    assertThat(collector.collect()).isEmpty();
    assertThat(collector.problems()).isEmpty();

    append(root.resolve("var/log/wtmp"), new UtmpBytes()
        .add(7, 3001, "pts/1", "ts/1", "bob", "bob-laptop.example.org", 1_795_341_000L, 250_000, "198.51.100.20")
        .add(8, 3001, "pts/1", "ts/1", "", "", 1_795_341_060L, 0, null)
        .add(8, 100, "pts/0", "ts/0", "", "", 1_795_341_100L, 0, null) // alice's session began before the baseline
        .add(8, 55, "tty1", "tty1", "", "", 1_795_341_200L, 0, null) // a getty respawn: no session
        .bytes());
    append(root.resolve("var/log/btmp"), new UtmpBytes()
        .add(6, 3100, "ssh:notty", "", "admin", "203.0.113.5", 1_795_341_300L, 0, "203.0.113.5").bytes());
    append(root.resolve("var/log/auth.log"), ("""
        Nov 22 11:59:00 box sshd[3200]: Failed password for invalid user admin from 203.0.113.5 port 51000 ssh2
        this line is not syslog
        2026-11-22T11:59:30.5+00:00 box sudo: pam_unix(sudo:session): session opened for user root(uid=0) by bob(uid=1001)
        """).getBytes());

    assertThat(attempts(collector.collect())).containsExactly(
        new Login.Attempt(3001, "1001", "bob", "Login", "unknown", "198.51.100.20", null, null, Result.SUCCESS,
            Map.of("Tty", "pts/1", "Host", "bob-laptop.example.org", "Source", "wtmp", "Time", "2026-11-22T09:50:00.250Z")),
        new Login.Attempt(3001, "1001", "bob", "Logout", "unknown", null, null, null, Result.SUCCESS,
            Map.of("Tty", "pts/1", "Source", "wtmp", "Time", "2026-11-22T09:51:00Z")),
        new Login.Attempt(3100, null, "admin", "LoginFailed", "sshd", "203.0.113.5", null, null, Result.FAIL,
            Map.of("Tty", "ssh:notty", "Source", "btmp", "Time", "2026-11-22T09:55:00Z")),
        new Login.Attempt(3200, null, "admin", "LoginFailed", "sshd", "203.0.113.5", "51000", null, Result.FAIL,
            Map.of("Method", "password", "Reason", "AuthenticationFailure", "InvalidUser", "true", "Source", "auth.log",
                "Time", "2026-11-22T11:59:00Z")),
        new Login.Attempt(0, "0", "root", "Login", "sudo", null, null, null, Result.SUCCESS,
            Map.of("PamService", "sudo", "By", "bob", "Source", "auth.log", "Time", "2026-11-22T11:59:30.500Z")));
    int offset = (int) Files.size(root.resolve("var/log/auth.log")) - 115 - 24;
    assertThat(collector.problems()).containsExactly("1 lines skipped; the first: /var/log/auth.log byte offset "
        + offset + ": no syslog prefix (TIME HOST PROGRAM[PID]: MESSAGE): 'this line is not syslog'");
    assertThat(collector.collect()).isEmpty();
    assertThat(collector.problems()).isEmpty();
  }

  @Test
  void rotatedLogsAreReadFromTheStartOfTheNewFileWithoutRepeatingTheOldOne() throws Exception {
    LoginCollector collector = new LoginCollector(ctx(root));
    collector.collect();
    Files.move(root.resolve("var/log/auth.log"), root.resolve("var/log/auth.log.1"));
    Files.writeString(root.resolve("var/log/auth.log"),
        "Nov 22 11:00:00 box sshd[1]: Invalid user new from 192.0.2.99 port 1\n");
    Files.move(root.resolve("var/log/wtmp"), root.resolve("var/log/wtmp.1"));
    Files.write(root.resolve("var/log/wtmp"),
        new UtmpBytes().add(7, 5, "pts/3", "ts/3", "alice", "", 1_795_341_000L, 0, null).bytes());
    assertThat(attempts(collector.collect())).extracting(Login.Attempt::userName, a -> a.extraDetails().get("Source"))
        .containsExactly(org.assertj.core.groups.Tuple.tuple("alice", "wtmp"),
            org.assertj.core.groups.Tuple.tuple("new", "auth.log"));
  }

  @Test
  void aPartlyWrittenRecordWaitsForItsRest() throws Exception {
    LoginCollector collector = new LoginCollector(ctx(root));
    collector.collect();
    byte[] record = new UtmpBytes().add(7, 5, "pts/3", "ts/3", "alice", "", 1_795_341_000L, 0, null).bytes();
    long size = Files.size(root.resolve("var/log/wtmp"));
    append(root.resolve("var/log/wtmp"), java.util.Arrays.copyOf(record, 200));
    assertThat(collector.collect()).isEmpty();
    assertThat(collector.problems())
        .containsExactly("/var/log/wtmp byte offset " + size + ": truncated record: 200 bytes, a utmp record is 384");
    append(root.resolve("var/log/wtmp"), java.util.Arrays.copyOfRange(record, 200, 384));
    assertThat(attempts(collector.collect())).extracting(Login.Attempt::userName).containsExactly("alice");
  }

  @Test
  void noLoginSourceMakesTheCollectorUnavailable(@TempDir Path empty) {
    assertThatThrownBy(() -> new LoginCollector(ctx(empty)).collect())
        .isInstanceOf(CollectorUnavailableException.class)
        .hasMessage("no login records under " + empty + ": looked for /var/log/wtmp, /var/log/btmp, /run/utmp, "
            + "/var/run/utmp (live root only), /var/log/auth.log, /var/log/secure and journalctl (live root only)");
  }

  @Test
  void anImageRootWithOnlyAJournalIsUnavailableAndSaysWhy(@TempDir Path image) throws Exception {
    Files.createDirectories(image.resolve("run/log/journal"));
    assertThatThrownBy(() -> new LoginCollector(ctx(image)).collect())
        .isInstanceOf(CollectorUnavailableException.class)
        .hasMessageEndingWith("and journalctl (live root only); the journal there is not read: "
            + "journalctl reads only the running system's");
  }

  @Test
  void theJournalOfAnImageRootIsNotRead(@TempDir Path image) throws Exception {
    Files.createDirectories(image.resolve("var/log/journal"));
    Files.write(image.resolve("var/log/wtmp"), new byte[0]);
    LoginCollector collector = new LoginCollector(ctx(image), LoginSettings.defaults(), (command, timeout) -> {
      throw new AssertionError("journalctl must not run for an image root");
    });
    assertThat(collector.collect()).isEmpty();
    assertThat(collector.problems()).containsExactly(
        "the journal under " + image + " is not read: journalctl reads only the running system's");
  }

  /** On the live root without auth logs the journal is read: journalctl is replaced by canned output. */
  @Test
  void withoutAuthLogsTheLiveJournalIsRead() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/journalctl")) || Files.isExecutable(Path.of("/bin/journalctl")),
        "this host has no journalctl");
    List<List<String>> commands = new ArrayList<>();
    LoginCollector collector = new LoginCollector(ctx(Path.of("/")),
        new LoginSettings(List.of(root.resolve("no-such.log").toString())), (command, timeout) -> {
          commands.add(command);
          return """
              {"__CURSOR":"c1","__REALTIME_TIMESTAMP":"1795341600000000","_PID":"812","SYSLOG_IDENTIFIER":"sshd","MESSAGE":"Invalid user zz from 192.0.2.7 port 6000"}
              """;
        });
    assertThat(collector.collect()).isEmpty();
    assertThat(commands).isEmpty();
    List<Login.Attempt> journal = attempts(collector.collect()).stream()
        .filter(a -> "journal".equals(a.extraDetails().get("Source"))).toList();
    assertThat(journal).containsExactly(new Login.Attempt(812, null, "zz", "LoginFailed", "sshd", "192.0.2.7", "6000",
        null, Result.FAIL, Map.of("Reason", "InvalidUser", "InvalidUser", "true", "Source", "journal",
            "Time", "2026-11-22T10:00:00Z")));
    assertThat(commands).singleElement().satisfies(c -> assertThat(c).last().isEqualTo("--since=@" + NOW.getEpochSecond()));
  }

  /** This host, live: the collector must run (the host may have no logs at all) and not throw. */
  @Test
  void realHostRunsWithoutThrowing() throws Exception {
    LoginCollector collector = new LoginCollector(new CollectorContext(Path.of("/"), Clock.systemUTC(), ZoneOffset.UTC));
    try {
      assertThat(collector.collect()).isEmpty();
      List<SecurityEvent> events = collector.collect();
      for (Login.Attempt a : attempts(events)) {
        assertThat(a.remoteAddress() == null || IpLiteral.is(a.remoteAddress())).isTrue();
      }
    } catch (CollectorUnavailableException e) {
      assertThat(e.getMessage()).startsWith("no login records under /");
    }
  }

  /** The events survive the wire format unchanged: the hub refuses what the schema refuses. */
  private static void assertWireRoundTrip(List<SecurityEvent> events) throws Exception {
    var codec = new io.vigil.wire.SecurityMessageCodec();
    var message = io.vigil.model.event.SecurityMessage.of("0.1.0", java.util.UUID.randomUUID().toString(), events);
    assertThat(codec.decode(codec.encode(message)).events()).isEqualTo(events);
  }
}
