package io.vigil.agent.collect.systeminformation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses files of {@code KEY=value} lines in shell syntax: os-release(5), lsb-release and
 * openwrt_release.
 *
 * <p>A value may be bare or in single or double quotes; inside double quotes a backslash escapes
 * {@code " \ $ `}. Blank lines and {@code #} comments are skipped; any other line that is not an
 * assignment is skipped and reported as {@code file:line: why}.
 */
final class ShellAssignments {
  private ShellAssignments() {}

  /** The assignments of {@code lines}; malformed lines are added to {@code problems}. */
  static Map<String, String> parse(List<String> lines, String file, List<String> problems) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0 || !line.substring(0, eq).matches("[A-Za-z_][A-Za-z0-9_]*")) {
        problems.add(file + ":" + (i + 1) + ": expected KEY=value, found '" + line + "'");
        continue;
      }
      String value = unquote(line.substring(eq + 1));
      if (value == null) {
        problems.add(file + ":" + (i + 1) + ": unterminated quote in '" + line + "'");
        continue;
      }
      values.put(line.substring(0, eq), value);
    }
    return values;
  }

  /** The value without its quotes; null when a quote is not closed. */
  private static String unquote(String raw) {
    if (raw.isEmpty() || (raw.charAt(0) != '"' && raw.charAt(0) != '\'')) {
      return raw;
    }
    char quote = raw.charAt(0);
    StringBuilder value = new StringBuilder(raw.length());
    for (int i = 1; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == quote) {
        return value.toString();
      }
      if (quote == '"' && c == '\\' && i + 1 < raw.length() && "\"\\$`".indexOf(raw.charAt(i + 1)) >= 0) {
        c = raw.charAt(++i);
      }
      value.append(c);
    }
    return null;
  }
}
