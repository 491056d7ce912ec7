package io.vigil.agent.collect.login;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.agent.collect.localusers.AccountNames;
import io.vigil.model.event.Login;
import io.vigil.model.event.Login.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UtmpLoginsTest {
  private static final Instant T1 = Instant.parse("2026-11-22T10:00:00Z");
  private static final Instant T2 = Instant.parse("2026-11-22T10:05:00Z");

  @TempDir Path root;
  private UtmpLogins logins;

  @BeforeEach
  void accounts() throws Exception {
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(root.resolve("etc/passwd"), "alice:x:1000:1000::/home/alice:/bin/sh\n");
    logins = new UtmpLogins(new AccountNames(root), pid -> pid == 4242 ? "/usr/sbin/sshd" : null);
  }

  private static UtmpRecord user(long pid, String line, String user, String host, String address, Instant time) {
    return new UtmpRecord(UtmpRecord.USER_PROCESS, pid, line, line.substring(Math.max(0, line.length() - 4)), user, host, 0,
        time, address);
  }

  private static UtmpRecord dead(long pid, String line, Instant time) {
    return new UtmpRecord(UtmpRecord.DEAD_PROCESS, pid, line, line.substring(Math.max(0, line.length() - 4)), "", "", 0,
        time, null);
  }

  @Test
  void aSessionOpenInUtmpBeforeTheBaselineNamesItsLogoutInWtmp() {
    logins.learn(List.of(user(4242, "pts/0", "alice", "192.0.2.1", "192.0.2.1", T1)));
    assertThat(logins.wtmp(List.of(dead(4242, "pts/0", T2)))).containsExactly(
        new Login.Attempt(4242, "1000", "alice", "Logout", "/usr/sbin/sshd", null, null, null, Result.SUCCESS,
            Map.of("Tty", "pts/0", "Source", "wtmp", "Time", T2.toString())));
    assertThat(logins.wtmp(List.of(dead(4242, "pts/0", T2)))).as("a session ends once").isEmpty();
  }

  @Test
  void aHostGivenOnlyAsTextIsUsedAsTheAddressWhenItIsALiteral() {
    assertThat(logins.wtmp(List.of(user(9, "pts/4", "mallory", "2001:db8::9", null, T1)))).containsExactly(
        new Login.Attempt(9, null, "mallory", "Login", "unknown", "2001:db8::9", null, null, Result.SUCCESS,
            Map.of("Tty", "pts/4", "Source", "wtmp", "Time", T1.toString())));
  }

  @Test
  void btmpRecordsWithoutAUserAreNoAttempts() {
    assertThat(logins.btmp(List.of(new UtmpRecord(6, 1, "ssh:notty", "", "", "", 0, T1, null)))).isEmpty();
  }

  @Test
  void withoutWtmpTheChangesOfUtmpAreTheLoginsAndLogouts() {
    List<UtmpRecord> before = List.of(user(4242, "pts/0", "alice", "", null, T1),
        new UtmpRecord(UtmpRecord.LOGIN_PROCESS, 17, "tty1", "tty1", "LOGIN", "", 0, T1, null));
    List<UtmpRecord> after = List.of(dead(4242, "pts/0", T2), user(600, "tty1", "alice", "", null, T2));
    assertThat(logins.utmpChanges(before, after)).containsExactly(
        new Login.Attempt(4242, "1000", "alice", "Logout", "/usr/sbin/sshd", null, null, null, Result.SUCCESS,
            Map.of("Tty", "pts/0", "Source", "utmp", "Time", T2.toString())),
        new Login.Attempt(600, "1000", "alice", "Login", "unknown", null, null, null, Result.SUCCESS,
            Map.of("Tty", "tty1", "Source", "utmp", "Time", T2.toString())));
    assertThat(logins.utmpChanges(after, after)).isEmpty();
  }
}
