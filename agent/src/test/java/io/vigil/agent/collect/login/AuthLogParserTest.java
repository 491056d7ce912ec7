package io.vigil.agent.collect.login;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.agent.collect.localusers.AccountNames;
import io.vigil.model.event.Login;
import io.vigil.model.event.Login.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthLogParserTest {
  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
  private static final ZoneId ZONE = ZoneOffset.ofHours(1);

  @TempDir Path root;
  private AuthLogParser parser;

  @BeforeEach
  void accounts() throws Exception {
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(root.resolve("etc/passwd"), "root:x:0:0::/root:/bin/sh\nalice:x:1000:1000::/home/alice:/bin/sh\n");
    parser = new AuthLogParser(new AccountNames(root));
  }

  private AuthLogParser.Result parse(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return parser.parse("/var/log/auth.log", 1000, bytes, false, "auth.log", ZONE, NOW);
  }

  private Login.Attempt one(String line) {
    AuthLogParser.Result r = parse(line + "\n");
    assertThat(r.firstSkip()).isNull();
    assertThat(r.attempts()).hasSize(1);
    return r.attempts().getFirst();
  }

  @Test
  void sshdAcceptedLoginWithTraditionalPrefixAndTheLocalPortOfItsConnection() {
    AuthLogParser.Result r = parse("""
        Nov 22 10:01:02 box sshd[1234]: Connection from 192.0.2.10 port 50022 on 192.0.2.1 port 22 rdomain ""
        Nov 22 10:01:03 box sshd[1234]: Accepted publickey for alice from 192.0.2.10 port 50022 ssh2: ED25519 SHA256:abc
        """);
    assertThat(r.attempts()).containsExactly(new Login.Attempt(1234, "1000", "alice", "Login", "sshd", "192.0.2.10",
        "50022", "22", Result.SUCCESS, Map.of("Method", "publickey", "Key", "ED25519 SHA256:abc", "Source", "auth.log",
            "Time", "2026-11-22T09:01:03Z")));
  }

  @Test
  void sshdFailedPasswordForAnInvalidUserWithRfc3339Prefix() {
    assertThat(one("2026-11-22T10:01:02.123456+00:00 box sshd[99]: Failed password for invalid user admin from 2001:db8::5 port 4711 ssh2"))
        .isEqualTo(new Login.Attempt(99, null, "admin", "LoginFailed", "sshd", "2001:db8::5", "4711", null, Result.FAIL,
            Map.of("Method", "password", "Reason", "AuthenticationFailure", "InvalidUser", "true", "Source", "auth.log",
                "Time", "2026-11-22T10:01:02.123456Z")));
  }

  @Test
  void sshdInvalidUserAndPreauthClosesAreFailedLogins() {
    AuthLogParser.Result r = parse("""
        Nov 22 10:01:02 box sshd[7]: Invalid user oracle from 203.0.113.9 port 33000
        Nov 22 10:01:03 box sshd[7]: Connection closed by invalid user oracle 203.0.113.9 port 33000 [preauth]
        Nov 22 10:01:04 box sshd-session[8]: Connection closed by authenticating user root 203.0.113.9 port 33001 [preauth]
        Nov 22 10:01:05 box sshd[9]: Disconnected from authenticating user alice 203.0.113.9 port 33002 [preauth]
        """);
    assertThat(r.attempts()).containsExactly(
        new Login.Attempt(7, null, "oracle", "LoginFailed", "sshd", "203.0.113.9", "33000", null, Result.FAIL,
            Map.of("Reason", "InvalidUser", "InvalidUser", "true", "Source", "auth.log", "Time", "2026-11-22T09:01:02Z")),
        new Login.Attempt(7, null, "oracle", "LoginFailed", "sshd", "203.0.113.9", "33000", null, Result.FAIL,
            Map.of("Reason", "ClosedBeforeAuthentication", "InvalidUser", "true", "Source", "auth.log",
                "Time", "2026-11-22T09:01:03Z")),
        new Login.Attempt(8, "0", "root", "LoginFailed", "sshd-session", "203.0.113.9", "33001", null, Result.FAIL,
            Map.of("Reason", "ClosedBeforeAuthentication", "Source", "auth.log", "Time", "2026-11-22T09:01:04Z")),
        new Login.Attempt(9, "1000", "alice", "LoginFailed", "sshd", "203.0.113.9", "33002", null, Result.FAIL,
            Map.of("Reason", "ClosedBeforeAuthentication", "Source", "auth.log", "Time", "2026-11-22T09:01:05Z")));
  }

  @Test
  void pamAuthenticationFailureWithAHostName() {
    assertThat(one("Nov 22 10:01:02 box sshd[5]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 "
        + "tty=ssh ruser= rhost=attacker.example.net  user=alice"))
        .isEqualTo(new Login.Attempt(5, "1000", "alice", "LoginFailed", "sshd", null, null, null, Result.FAIL,
            Map.of("PamService", "sshd", "Reason", "AuthenticationFailure", "Tty", "ssh", "Host", "attacker.example.net",
                "Source", "auth.log", "Time", "2026-11-22T09:01:02Z")));
    assertThat(one("Nov 22 10:01:02 box su[6]: pam_unix(su:auth): authentication failure; logname=alice uid=1000 "
        + "euid=0 tty=/dev/pts/0 ruser=alice rhost=  user=root"))
        .isEqualTo(new Login.Attempt(6, "0", "root", "LoginFailed", "su", null, null, null, Result.FAIL,
            Map.of("PamService", "su", "Reason", "AuthenticationFailure", "Tty", "/dev/pts/0", "By", "alice",
                "Source", "auth.log", "Time", "2026-11-22T09:01:02Z")));
  }

  @Test
  void sessionsOfSuSudoAndLoginAreLoginsAndLogouts() {
    AuthLogParser.Result r = parse("""
        Nov 22 10:01:02 box sudo: pam_unix(sudo:session): session opened for user root(uid=0) by alice(uid=1000)
        Nov 22 10:01:03 box sudo: pam_unix(sudo:session): session closed for user root
        Nov 22 10:01:04 box login[321]: pam_unix(login:session): session opened for user alice(uid=1000) by LOGIN(uid=0)
        Nov 22 10:01:05 box su[400]: pam_unix(su-l:session): session opened for user root by alice(uid=1000)
        Nov 22 10:01:06 box sshd[77]: pam_unix(sshd:session): session opened for user alice(uid=1000) by (uid=0)
        Nov 22 10:01:07 box sshd[77]: pam_unix(sshd:session): session closed for user alice
        Nov 22 10:01:08 box CRON[88]: pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)
        Nov 22 10:01:09 box systemd[89]: pam_unix(systemd-user:session): session opened for user alice(uid=1000) by (uid=0)
        """);
    assertThat(r.firstSkip()).isNull();
    assertThat(r.attempts()).containsExactly(
        new Login.Attempt(0, "0", "root", "Login", "sudo", null, null, null, Result.SUCCESS,
            Map.of("PamService", "sudo", "By", "alice", "Source", "auth.log", "Time", "2026-11-22T09:01:02Z")),
        new Login.Attempt(0, "0", "root", "Logout", "sudo", null, null, null, Result.SUCCESS,
            Map.of("PamService", "sudo", "Source", "auth.log", "Time", "2026-11-22T09:01:03Z")),
        new Login.Attempt(321, "1000", "alice", "Login", "login", null, null, null, Result.SUCCESS,
            Map.of("PamService", "login", "By", "LOGIN", "Source", "auth.log", "Time", "2026-11-22T09:01:04Z")),
        new Login.Attempt(400, "0", "root", "Login", "su", null, null, null, Result.SUCCESS,
            Map.of("PamService", "su-l", "By", "alice", "Source", "auth.log", "Time", "2026-11-22T09:01:05Z")),
        new Login.Attempt(77, "1000", "alice", "Logout", "sshd", null, null, null, Result.SUCCESS,
            Map.of("PamService", "sshd", "Source", "auth.log", "Time", "2026-11-22T09:01:07Z")));
  }

  @Test
  void unparseableLinesAreSkippedAndCountedWithTheFirstReasonAndOffset() {
    String good = "Nov 22 10:01:02 box sshd[1]: Accepted password for alice from 192.0.2.1 port 1 ssh2\n";
    AuthLogParser.Result r = parse(good
        + "garbage without any prefix\n"
        + "Nov 22 10:01:02 box\n"
        + "Nov 22 10:01:02 box sshd[1]: Failed password for\n"
        + "Feb 30 10:01:02 box sshd[1]: Accepted password for alice from 192.0.2.1 port 1 ssh2\n"
        + "Nov 22 10:01:02 box systemd[1]: Failed to start Something.\n" // not sshd: ignored, not skipped
        + "\n");
    assertThat(r.attempts()).extracting(Login.Attempt::userName).containsExactly("alice");
    assertThat(r.skipped()).isEqualTo(4);
    assertThat(r.firstSkip()).isEqualTo("/var/log/auth.log byte offset " + (1000 + good.length())
        + ": no syslog prefix (TIME HOST PROGRAM[PID]: MESSAGE): 'garbage without any prefix'");
    assertThat(r.consumed()).isEqualTo(good.length() + 27 + 20 + 49 + 84 + 59 + 1);
  }

  @Test
  void eachSkipReasonSaysWhatIsWrong() {
    assertThat(parse("Nov 22 10:01:02 box\n").firstSkip())
        .isEqualTo("/var/log/auth.log byte offset 1000: no syslog prefix (TIME HOST PROGRAM[PID]: MESSAGE): 'Nov 22 10:01:02 box'");
    assertThat(parse("Nov 22 10:01:02 box -: x\n").firstSkip()).isNull();
    assertThat(parse("Nov 22 10:01:02 box sshd[1]: Failed password for\n").firstSkip()).isEqualTo(
        "/var/log/auth.log byte offset 1000: sshd 'Failed' message without 'USER from ADDRESS port PORT': 'Failed password for'");
    assertThat(parse("Feb 30 10:01:02 box sshd[1]: x\n").firstSkip()).startsWith(
        "/var/log/auth.log byte offset 1000: invalid time 'Feb 30 10:01:02': ");
    assertThat(parse("2026-13-01T00:00:00Z box sshd[1]: x\n").firstSkip()).isEqualTo(
        "/var/log/auth.log byte offset 1000: invalid RFC 3339 time '2026-13-01T00:00:00Z': '2026-13-01T00:00:00Z box sshd[1]: x'");
    assertThat(parse("Nov 22 10:01:02 box a b c\n").firstSkip())
        .isEqualTo("/var/log/auth.log byte offset 1000: no 'PROGRAM[PID]:' after the host: 'Nov 22 10:01:02 box a b c'");
    assertThat(parse("Nov 22 10:01:02 box su[1]: pam_unix(su:session): session opened in a new way\n").firstSkip())
        .isEqualTo("/var/log/auth.log byte offset 1000: PAM message in an unknown form: "
            + "'pam_unix(su:session): session opened in a new way'");
  }

  @Test
  void aPartialLastLineWaitsForTheRest() {
    String line = "Nov 22 10:01:02 box sshd[1]: Accepted password for alice from 192.0.2.1 port 1 ssh2\n";
    AuthLogParser.Result r = parse(line + "Nov 22 10:01:03 box sshd[1]: Accep");
    assertThat(r.attempts()).hasSize(1);
    assertThat(r.consumed()).isEqualTo(line.length());
    assertThat(r.skipped()).isZero();
  }

  @Test
  void aLineFillingAWholeChunkIsSkipped() {
    byte[] monster = new byte[64];
    java.util.Arrays.fill(monster, (byte) 'x');
    AuthLogParser.Result r = parser.parse("/var/log/auth.log", 0, monster, true, "auth.log", ZONE, NOW);
    assertThat(r.consumed()).isEqualTo(64);
    assertThat(r.firstSkip()).isEqualTo("/var/log/auth.log byte offset 0: a line longer than 4194304 bytes");
  }

  @Test
  void decemberLinesReadInJanuaryBelongToLastYear() {
    AuthLogParser.Result r = parser.parse("/var/log/auth.log", 0,
        "Dec 31 23:59:59 box sshd[1]: Invalid user x from 192.0.2.1 port 2\n".getBytes(StandardCharsets.UTF_8), false,
        "auth.log", ZoneOffset.UTC, Instant.parse("2027-01-01T00:00:05Z"));
    assertThat(r.attempts().getFirst().extraDetails()).containsEntry("Time", "2026-12-31T23:59:59Z");
  }

  @Test
  void bareSshdLinesAsWrittenWithMinusEAreRead() {
    AuthLogParser.Result r = parse("""
        Server listening on 127.0.0.1 port 2222.\r
        Invalid user nobody-here from 127.0.0.1 port 40000\r
        Connection closed by invalid user nobody-here 127.0.0.1 port 40000 [preauth]\r
        """);
    assertThat(r.attempts()).containsExactly(
        new Login.Attempt(0, null, "nobody-here", "LoginFailed", "sshd", "127.0.0.1", "40000", null, Result.FAIL,
            Map.of("Reason", "InvalidUser", "InvalidUser", "true", "Source", "auth.log")),
        new Login.Attempt(0, null, "nobody-here", "LoginFailed", "sshd", "127.0.0.1", "40000", null, Result.FAIL,
            Map.of("Reason", "ClosedBeforeAuthentication", "InvalidUser", "true", "Source", "auth.log")));
    assertThat(r.skipped()).isEqualTo(1);
    assertThat(r.firstSkip()).endsWith("no syslog prefix (TIME HOST PROGRAM[PID]: MESSAGE): 'Server listening on 127.0.0.1 port 2222.'");
  }

  @Test
  void ipLiteralsAreToldFromHostNamesAsTheWireFormatDoes() {
    assertThat(List.of("192.0.2.1", "::1", "2001:db8::1", "::ffff:192.0.2.1", "0:0:0:0:0:0:0:1")).allMatch(IpLiteral::is);
    assertThat(List.of("host.example", "01.2.3.4", "1.2.3", "256.1.1.1", "fe80::1%eth0", "[::1]", "::g", "", ":"))
        .noneMatch(IpLiteral::is);
    assertThat(IpLiteral.is(null)).isFalse();
  }
}
