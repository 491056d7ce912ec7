package io.vigil.agent.collect.baseline;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Settings from a configuration file and its drop-ins, where the last assignment of a key wins:
 * {@code login.defs} ({@code KEY value}), or {@code key = value} files such as {@code
 * pwquality.conf}, {@code journald.conf} (section headers are ignored) and {@code auditd.conf}.
 */
final class KeyValueFile {
  /** How a line assigns: {@code KEY value} or {@code key = value}. */
  enum Syntax { SPACE, EQUALS }

  /** A value and where it was set: {@code /etc/login.defs:160}. */
  record Entry(String value, String where) {}

  private final Map<String, Entry> entries = new HashMap<>();
  private final boolean ignoreCase;

  private KeyValueFile(boolean ignoreCase) {
    this.ignoreCase = ignoreCase;
  }

  /**
   * Reads {@code files} in order (each may be a glob, expanded in name order); missing files are
   * skipped.
   */
  static KeyValueFile read(Host host, List<String> files, Syntax syntax, boolean ignoreCase) throws IOException {
    KeyValueFile kv = new KeyValueFile(ignoreCase);
    for (String pattern : files) {
      for (String file : host.glob(pattern)) {
        Optional<String> text = host.read(file);
        if (text.isPresent()) {
          kv.parse(file, text.get(), syntax);
        }
      }
    }
    return kv;
  }

  Optional<Entry> get(String key) {
    return Optional.ofNullable(entries.get(ignoreCase ? key.toLowerCase(Locale.ROOT) : key));
  }

  private void parse(String file, String text, Syntax syntax) {
    String[] lines = text.split("\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";") || line.startsWith("[")) {
        continue;
      }
      String key;
      String value;
      if (syntax == Syntax.EQUALS) {
        int eq = line.indexOf('=');
        if (eq < 0) {
          continue;
        }
        key = line.substring(0, eq).strip();
        value = line.substring(eq + 1).strip();
      } else {
        String[] f = line.split("\\s+", 2);
        key = f[0];
        value = f.length > 1 ? f[1].strip() : "";
      }
      value = value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
      entries.put(ignoreCase ? key.toLowerCase(Locale.ROOT) : key, new Entry(value, file + ":" + (i + 1)));
    }
  }
}
