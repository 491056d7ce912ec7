package io.vigil.agent.collect.baseline;

import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The global settings of an {@code sshd_config}, as sshd reads them: keywords are case-insensitive,
 * the first value of a keyword wins, {@code Include} (globs, relative to {@code /etc/ssh}) is read in
 * place, and a {@code Match} block holds conditional settings, so it ends the global part of the
 * file it is in.
 */
final class SshdConfig {
  private static final int MAX_INCLUDE_DEPTH = 16;

  /** A keyword's value and where it was set: {@code /etc/ssh/sshd_config:32}. */
  record Entry(String keyword, String value, String where) {}

  private final Map<String, Entry> entries = new HashMap<>();
  private boolean present;

  private SshdConfig() {}

  /** Reads {@code file} and what it includes; a missing file yields no settings. */
  static SshdConfig read(Host host, String file) throws IOException {
    SshdConfig config = new SshdConfig();
    config.present = host.read(file).isPresent();
    config.file(host, file, 0);
    return config;
  }

  /** True if the main file exists. */
  boolean present() {
    return present;
  }

  /** The first global value of {@code keyword}, in any case. */
  Optional<Entry> get(String keyword) {
    return Optional.ofNullable(entries.get(keyword.toLowerCase(Locale.ROOT)));
  }

  private void file(Host host, String file, int depth) throws IOException {
    Optional<String> text = host.read(file);
    if (text.isEmpty() || depth > MAX_INCLUDE_DEPTH) {
      return;
    }
    String[] lines = text.get().split("\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] kv = line.split("[\\s=]+", 2);
      String keyword = kv[0].toLowerCase(Locale.ROOT);
      String value = kv.length > 1 ? unquote(kv[1].strip()) : "";
      if (keyword.equals("match")) {
        return; // what follows is conditional
      }
      if (keyword.equals("include")) {
        for (String pattern : value.split("\\s+")) {
          String absolute = pattern.startsWith("/") ? pattern : "/etc/ssh/" + pattern;
          for (String included : host.glob(absolute)) {
            file(host, included, depth + 1);
          }
        }
      } else {
        entries.putIfAbsent(keyword, new Entry(kv[0], value, file + ":" + (i + 1)));
      }
    }
  }

  private static String unquote(String v) {
    return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
  }
}
