package io.vigil.agent.collect.localusers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AccountFileParserTest {
  @Test
  void passwdLinesWithTheWrongFieldCountOrNonNumericIdsAreSkippedWithFileAndLine() {
    var parsed = AccountFileParser.passwd("/etc/passwd", """
        root:x:0:0:root:/root:/bin/bash
        # a comment

        short:x:1
        toolong:x:1:1:a:b:c:d
        :x:5:5::/:/bin/sh
        u1:x:-1:0::/:/bin/sh
        u2:x:1:zero::/:/bin/sh
        u3:x:4294967296:0::/:/bin/sh
        ok:x:4294967295:1::/:/bin/sh\r
        """);
    assertThat(parsed.entries()).extracting(AccountFileParser.Passwd::name, AccountFileParser.Passwd::uid,
            AccountFileParser.Passwd::shell)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("root", 0L, "/bin/bash"),
            org.assertj.core.groups.Tuple.tuple("ok", 4294967295L, "/bin/sh"));
    assertThat(parsed.problems()).containsExactly(
        "/etc/passwd:4: expected 7 ':'-separated fields, found 3",
        "/etc/passwd:5: expected 7 ':'-separated fields, found 8",
        "/etc/passwd:6: empty user name",
        "/etc/passwd:7: uid '-1' of user 'u1' is not a number",
        "/etc/passwd:8: gid 'zero' of user 'u2' is not a number",
        "/etc/passwd:9: uid '4294967296' of user 'u3' is not a number");
  }

  @Test
  void groupMembersAreSplitAndMalformedLinesReported() {
    var parsed = AccountFileParser.group("/etc/group", "sudo:x:27:alice, bob,\nwheel:x:10\nx:x::\n");
    assertThat(parsed.entries()).containsExactly(new AccountFileParser.Group("sudo", 27, List.of("alice", "bob")));
    assertThat(parsed.problems()).containsExactly(
        "/etc/group:2: expected 4 ':'-separated fields, found 3",
        "/etc/group:3: gid '' of group 'x' is not a number");
  }

  @Test
  void shadowProblemsNeverQuoteTheHash() {
    var parsed = AccountFileParser.shadow("/etc/shadow", """
        a:$6$s$SECRET1:19000:0:99999:7:::
        b:$6$s$SECRET2:19000
        c:$6$s$SECRET3:soon:0:99999:7:::
        d:!!::0:99999:7:::
        """);
    assertThat(parsed.entries()).containsExactly(
        new AccountFileParser.Shadow("a", new PasswordState(true, false, true, false), 19000L),
        new AccountFileParser.Shadow("d", new PasswordState(true, true, false, false), null));
    assertThat(parsed.problems()).containsExactly(
        "/etc/shadow:2: expected 9 ':'-separated fields, found 3",
        "/etc/shadow:3: last change 'soon' of user 'c' is not a number");
    assertThat(parsed.toString()).doesNotContain("SECRET");
  }

  @Test
  void passwordStatesCoverLockedStarEmptyAndShadowPointer() {
    assertThat(PasswordState.ofPasswdField("x")).isEqualTo(PasswordState.UNKNOWN);
    assertThat(PasswordState.ofHash("")).isEqualTo(new PasswordState(true, false, false, true));
    assertThat(PasswordState.ofHash("*")).isEqualTo(new PasswordState(true, true, false, false));
    assertThat(PasswordState.ofHash("!*")).isEqualTo(new PasswordState(true, true, false, false));
    assertThat(PasswordState.ofHash("!")).isEqualTo(new PasswordState(true, true, false, false));
    assertThat(PasswordState.ofHash("!$y$j9T$abc")).isEqualTo(new PasswordState(true, true, true, false));
    assertThat(PasswordState.ofHash("$y$j9T$abc")).isEqualTo(new PasswordState(true, false, true, false));
  }
}
