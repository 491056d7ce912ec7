package io.vigil.detect.sigma;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The prefilter over a group of rules: for each event it names the rules worth evaluating, those
 * whose anchors it contains plus those without anchors, at a cost that depends on the event's
 * size and not on the number of rules.
 *
 * <p>Per field it keeps a hash map of whole values, one Aho-Corasick automaton over the
 * substrings, and a trie each over the prefixes and the suffixes; keyword anchors share one
 * automaton run over every field. All literals are lower-cased, so a case-sensitive rule is
 * prefiltered by a necessary, looser test.
 */
final class LiteralIndex {
  private final int[] always;
  private final FieldIndex[] fields;
  private final Substrings anyField;

  /** Indexes the rules at {@code ruleIndexes}, whose anchors are {@code anchors} (null: no anchors). */
  LiteralIndex(int[] ruleIndexes, List<Anchors> anchors) {
    Map<String, Map<Anchors.Kind, Map<String, List<Integer>>>> byField = new LinkedHashMap<>();
    List<Integer> unanchored = new ArrayList<>();
    for (int i = 0; i < ruleIndexes.length; i++) {
      Anchors a = anchors.get(i);
      if (a == null) {
        unanchored.add(ruleIndexes[i]);
        continue;
      }
      for (Anchors.Anchor anchor : a.anchors()) {
        byField.computeIfAbsent(anchor.field(), f -> new EnumMap<>(Anchors.Kind.class))
            .computeIfAbsent(anchor.field().equals(Anchors.ANY_FIELD) ? Anchors.Kind.CONTAINS : anchor.kind(), k -> new LinkedHashMap<>())
            .computeIfAbsent(anchor.literal(), l -> new ArrayList<>())
            .add(ruleIndexes[i]);
      }
    }
    Map<Anchors.Kind, Map<String, List<Integer>>> keywords = byField.remove(Anchors.ANY_FIELD);
    anyField = keywords == null ? null : new Substrings(keywords.get(Anchors.Kind.CONTAINS));
    List<FieldIndex> built = new ArrayList<>();
    byField.forEach((field, kinds) -> built.add(new FieldIndex(field, kinds)));
    fields = built.toArray(FieldIndex[]::new);
    always = ints(unanchored);
  }

  /** Sets in {@code out} the indexes of the rules the event may match. */
  void candidates(EventView event, BitSet out) {
    for (int r : always) {
      out.set(r);
    }
    for (FieldIndex f : fields) {
      f.scan(event, out);
    }
    if (anyField != null) {
      for (String name : event.names()) {
        for (String v : event.lowerValues(name)) {
          anyField.scan(v, out);
        }
      }
    }
  }

  private static final int[] NO_RULES = new int[0];

  private static int[] ints(Iterable<Integer> list) {
    List<Integer> copy = new ArrayList<>();
    list.forEach(copy::add);
    return copy.isEmpty() ? NO_RULES : copy.stream().mapToInt(Integer::intValue).toArray();
  }

  /** One field's anchors of each kind. */
  private static final class FieldIndex {
    private final String field;
    private final int slot;
    private final Map<String, int[]> exact;
    private final Substrings substrings;
    private final AffixTrie prefixes;
    private final AffixTrie suffixes;

    FieldIndex(String field, Map<Anchors.Kind, Map<String, List<Integer>>> kinds) {
      this.field = field;
      this.slot = FieldSlots.register(field);
      Map<String, List<Integer>> values = kinds.get(Anchors.Kind.EQUALS);
      if (values == null) {
        exact = null;
      } else {
        exact = new HashMap<>();
        values.forEach((v, rules) -> exact.put(v, ints(new LinkedHashSet<>(rules))));
      }
      Map<String, List<Integer>> contains = kinds.get(Anchors.Kind.CONTAINS);
      substrings = contains == null ? null : new Substrings(contains);
      Map<String, List<Integer>> starts = kinds.get(Anchors.Kind.PREFIX);
      prefixes = starts == null ? null : new AffixTrie(starts, false);
      Map<String, List<Integer>> ends = kinds.get(Anchors.Kind.SUFFIX);
      suffixes = ends == null ? null : new AffixTrie(ends, true);
    }

    void scan(EventView event, BitSet out) {
      String[] values = slot == FieldSlots.NONE ? event.lowerValues(field) : event.lowerValues(slot);
      for (String v : values) {
        if (exact != null) {
          int[] rules = exact.get(v);
          if (rules != null) {
            for (int r : rules) {
              out.set(r);
            }
          }
        }
        if (substrings != null) {
          substrings.scan(v, out);
        }
        if (prefixes != null) {
          prefixes.scan(v, out);
        }
        if (suffixes != null) {
          suffixes.scan(v, out);
        }
      }
    }
  }

  /** Substring literals in one automaton, with the rules each state of it reports. */
  private static final class Substrings {
    private final AhoCorasick automaton;
    private final int[][] rules;

    Substrings(Map<String, List<Integer>> literals) {
      automaton = new AhoCorasick(List.copyOf(literals.keySet()));
      List<List<Integer>> byLiteral = List.copyOf(literals.values());
      rules = new int[automaton.states()][];
      for (int s = 0; s < rules.length; s++) {
        Set<Integer> reported = new LinkedHashSet<>();
        for (int id : automaton.hits(s)) {
          reported.addAll(byLiteral.get(id));
        }
        rules[s] = ints(reported);
      }
    }

    void scan(String value, BitSet out) {
      int state = 0;
      for (int i = 0; i < value.length(); i++) {
        state = automaton.step(state, value.charAt(i));
        for (int r : rules[state]) {
          out.set(r);
        }
      }
    }
  }
}
