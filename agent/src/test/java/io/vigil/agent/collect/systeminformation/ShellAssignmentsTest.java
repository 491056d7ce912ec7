package io.vigil.agent.collect.systeminformation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShellAssignmentsTest {
  @Test
  void readsBareSingleAndDoubleQuotedValues() {
    List<String> problems = new ArrayList<>();
    Map<String, String> values = ShellAssignments.parse(List.of(
        "# a comment",
        "",
        "ID=debian",
        "NAME='OpenWrt'",
        "PRETTY_NAME=\"Say \\\"hi\\\" for \\$5\"",
        "EMPTY=",
        "  VERSION_ID=\"12\"  "), "/etc/os-release", problems);
    assertThat(values).containsExactly(
        Map.entry("ID", "debian"), Map.entry("NAME", "OpenWrt"), Map.entry("PRETTY_NAME", "Say \"hi\" for $5"),
        Map.entry("EMPTY", ""), Map.entry("VERSION_ID", "12"));
    assertThat(problems).isEmpty();
  }

  @Test
  void skipsAndReportsWhatIsNoAssignment() {
    List<String> problems = new ArrayList<>();
    Map<String, String> values = ShellAssignments.parse(
        List.of("NAME=x", "=nokey", "1ID=digit", "just words", "VERSION='21.02"), "/img/etc/openwrt_release", problems);
    assertThat(values).containsExactly(Map.entry("NAME", "x"));
    assertThat(problems).containsExactly(
        "/img/etc/openwrt_release:2: expected KEY=value, found '=nokey'",
        "/img/etc/openwrt_release:3: expected KEY=value, found '1ID=digit'",
        "/img/etc/openwrt_release:4: expected KEY=value, found 'just words'",
        "/img/etc/openwrt_release:5: unterminated quote in 'VERSION='21.02'");
  }
}
