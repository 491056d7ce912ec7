package io.vigil.detect.sigma;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The value modifiers after a field name ({@code CommandLine|contains|all}), checked for names and
 * combinations.
 *
 * @param key the whole key, for error messages
 * @param transforms windash, base64, base64offset and the UTF-16 encodings, in the order given
 * @param kind where the value must sit in the field
 * @param type how the value is read: string, re, cidr, a comparison, exists or fieldref
 * @param reFlags the {@code i}, {@code m}, {@code s} flags of {@code re}
 */
record Modifiers(
    String key,
    List<String> transforms,
    Search.MatchKind kind,
    String type,
    boolean all,
    boolean cased,
    boolean neq,
    boolean expand,
    Set<String> reFlags) {

  static final String STRING = "string";
  private static final Set<String> TRANSFORMS = Set.of("windash", "base64", "base64offset", "utf16le", "utf16be", "utf16", "wide");
  private static final Set<String> ENCODINGS = Set.of("utf16le", "utf16be", "utf16", "wide");
  private static final Set<String> TYPES = Set.of("re", "cidr", "gt", "gte", "lt", "lte", "exists", "fieldref");
  private static final Set<String> RE_FLAGS = Set.of("i", "m", "s");

  /**
   * Reads the modifiers of {@code key}.
   *
   * @throws RuleException on {@code line} naming the unsupported modifier or combination
   */
  static Modifiers parse(String key, int line) {
    String[] parts = key.split("\\|", -1);
    List<String> transforms = new ArrayList<>();
    Search.MatchKind kind = Search.MatchKind.EQUALS;
    String type = STRING;
    boolean all = false;
    boolean cased = false;
    boolean neq = false;
    boolean expand = false;
    List<String> flags = new ArrayList<>();
    for (int i = 1; i < parts.length; i++) {
      String m = parts[i];
      switch (m) {
        case "contains", "startswith", "endswith" -> {
          Search.MatchKind k = Search.MatchKind.valueOf(m.toUpperCase(Locale.ROOT));
          if (kind != Search.MatchKind.EQUALS) {
            throw new RuleException(line, "modifiers '" + name(kind) + "' and '" + m + "' cannot be combined in '" + key + "'");
          }
          kind = k;
        }
        case "all" -> all = true;
        case "cased" -> cased = true;
        case "neq" -> neq = true;
        case "expand" -> expand = true;
        default -> {
          if (TRANSFORMS.contains(m)) {
            transforms.add(m);
          } else if (TYPES.contains(m)) {
            if (!type.equals(STRING)) {
              throw new RuleException(line, "modifiers '" + type + "' and '" + m + "' cannot be combined in '" + key + "'");
            }
            type = m;
          } else if (RE_FLAGS.contains(m)) {
            flags.add(m);
          } else if (m.isEmpty()) {
            throw new RuleException(line, "empty modifier in '" + key + "'");
          } else {
            throw new RuleException(line, "unsupported modifier '" + m + "' in '" + key + "'");
          }
        }
      }
    }
    Modifiers mods = new Modifiers(key, List.copyOf(transforms), kind, type, all, cased, neq, expand, Set.copyOf(flags));
    mods.check(line);
    return mods;
  }

  private void check(int line) {
    if (!reFlags.isEmpty() && !type.equals("re")) {
      throw new RuleException(line, "modifier '" + reFlags.iterator().next() + "' needs 're' in '" + key + "'");
    }
    if (!type.equals(STRING)) {
      if (!transforms.isEmpty() || expand) {
        throw new RuleException(line, "modifiers '" + (expand ? "expand" : transforms.get(0)) + "' and '" + type + "' cannot be combined in '" + key + "'");
      }
      if (kind != Search.MatchKind.EQUALS && !type.equals("fieldref")) {
        throw new RuleException(line, "modifiers '" + type + "' and '" + name(kind) + "' cannot be combined in '" + key + "'");
      }
    }
    if (type.equals("exists") && (all || cased || neq)) {
      throw new RuleException(line, "modifier 'exists' cannot be combined with other modifiers in '" + key + "'");
    }
    if (cased && (type.equals("cidr") || isComparison())) {
      throw new RuleException(line, "modifiers '" + type + "' and 'cased' cannot be combined in '" + key + "'");
    }
    if (neq && all) {
      throw new RuleException(line, "modifiers 'neq' and 'all' cannot be combined in '" + key + "'");
    }
    for (int i = 0; i < transforms.size(); i++) {
      String t = transforms.get(i);
      if (ENCODINGS.contains(t) && !transforms.subList(i + 1, transforms.size()).stream().anyMatch(n -> n.startsWith("base64"))) {
        throw new RuleException(line, "modifier '" + t + "' must be followed by 'base64' or 'base64offset' in '" + key + "'");
      }
      if (t.equals("base64offset") && kind != Search.MatchKind.CONTAINS) {
        throw new RuleException(line, "modifier 'base64offset' needs 'contains' in '" + key + "'");
      }
    }
  }

  boolean isComparison() {
    return type.equals("gt") || type.equals("gte") || type.equals("lt") || type.equals("lte");
  }

  private static String name(Search.MatchKind kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }
}
