package io.vigil.detect.sigma;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads MITRE ATT&amp;CK tactics and techniques from Sigma tags: {@code attack.execution} is the
 * tactic {@code Execution}, {@code attack.t1059.004} the technique {@code T1059.004}. Group and
 * software tags ({@code attack.g0032}, {@code attack.s0002}) and other namespaces are ignored.
 */
final class MitreTags {
  private static final Pattern TECHNIQUE = Pattern.compile("t\\d{4}(\\.\\d{3})?");
  private static final Set<String> TACTICS = Set.of("reconnaissance", "resource_development", "initial_access", "execution",
      "persistence", "privilege_escalation", "defense_evasion", "credential_access", "discovery", "lateral_movement",
      "collection", "command_and_control", "exfiltration", "impact");

  private MitreTags() {}

  /** The tactics, in PascalCase as alerts carry them: {@code InitialAccess}, {@code CommandAndControl}. */
  static List<String> tactics(List<String> tags) {
    List<String> out = new ArrayList<>();
    for (String tag : tags) {
      String t = attack(tag);
      if (t != null && TACTICS.contains(t.replace('-', '_'))) {
        StringBuilder name = new StringBuilder();
        for (String word : t.split("[-_]")) {
          name.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        }
        add(out, name.toString());
      }
    }
    return out;
  }

  /** The technique ids, upper-case: {@code T1059}, {@code T1059.004}. */
  static List<String> techniques(List<String> tags) {
    List<String> out = new ArrayList<>();
    for (String tag : tags) {
      String t = attack(tag);
      if (t != null && TECHNIQUE.matcher(t).matches()) {
        add(out, t.toUpperCase(Locale.ROOT));
      }
    }
    return out;
  }

  private static String attack(String tag) {
    String t = tag.strip().toLowerCase(Locale.ROOT);
    return t.startsWith("attack.") && t.length() > 7 ? t.substring(7) : null;
  }

  private static void add(List<String> out, String value) {
    if (!out.contains(value)) {
      out.add(value);
    }
  }
}
