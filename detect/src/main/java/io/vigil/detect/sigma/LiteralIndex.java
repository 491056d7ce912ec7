package io.vigil.detect.sigma;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The prefilter over a group of rules: for each event it names the rules worth evaluating, those
 * whose anchors it contains plus those without anchors, at a cost that depends on the event's
 * size and not on the number of rules.
 *
 * <p>Per field it keeps a hash map of exact values and one Aho-Corasick automaton over the
 * substrings; keyword anchors share one automaton run over every field. All literals are
 * lower-cased, so a case-sensitive rule is prefiltered by a necessary, looser test.
 */
final class LiteralIndex {
  private final Map<String, Map<String, int[]>> exact = new HashMap<>();
  private final Map<String, Substrings> substrings = new HashMap<>();
  private final int[] always;

  /** Indexes the rules at {@code ruleIndexes}, whose anchors are {@code anchors} (null: no anchors). */
  LiteralIndex(int[] ruleIndexes, List<Anchors> anchors) {
    Map<String, Map<String, List<Integer>>> exactLists = new HashMap<>();
    Map<String, Map<String, List<Integer>>> substringLists = new HashMap<>();
    List<Integer> unanchored = new ArrayList<>();
    for (int i = 0; i < ruleIndexes.length; i++) {
      Anchors a = anchors.get(i);
      if (a == null) {
        unanchored.add(ruleIndexes[i]);
        continue;
      }
      for (Anchors.Anchor anchor : a.anchors()) {
        boolean exactOnField = anchor.exact() && !anchor.field().equals(Anchors.ANY_FIELD);
        (exactOnField ? exactLists : substringLists)
            .computeIfAbsent(anchor.field(), f -> new LinkedHashMap<>())
            .computeIfAbsent(anchor.literal(), l -> new ArrayList<>())
            .add(ruleIndexes[i]);
      }
    }
    exactLists.forEach((field, values) -> {
      Map<String, int[]> m = new HashMap<>();
      values.forEach((v, rules) -> m.put(v, ints(rules)));
      exact.put(field, m);
    });
    substringLists.forEach((field, literals) -> substrings.put(field, new Substrings(literals)));
    always = ints(unanchored);
  }

  /** Sets in {@code out} the indexes of the rules the event may match. */
  void candidates(EventView event, BitSet out) {
    for (int r : always) {
      out.set(r);
    }
    exact.forEach((field, values) -> {
      for (String v : event.lowerValues(field)) {
        int[] rules = values.get(v);
        if (rules != null) {
          for (int r : rules) {
            out.set(r);
          }
        }
      }
    });
    substrings.forEach((field, index) -> {
      if (field.equals(Anchors.ANY_FIELD)) {
        for (String name : event.names()) {
          index.scan(event.lowerValues(name), out);
        }
      } else {
        index.scan(event.lowerValues(field), out);
      }
    });
  }

  private static int[] ints(List<Integer> list) {
    return list.stream().mapToInt(Integer::intValue).toArray();
  }

  /** One field's substring literals in one automaton, with the rules each literal anchors. */
  private static final class Substrings {
    private final AhoCorasick automaton;
    private final int[][] rules;

    Substrings(Map<String, List<Integer>> literals) {
      automaton = new AhoCorasick(List.copyOf(literals.keySet()));
      rules = literals.values().stream().map(LiteralIndex::ints).toArray(int[][]::new);
    }

    void scan(String[] values, BitSet out) {
      for (String v : values) {
        automaton.search(v, id -> {
          for (int r : rules[id]) {
            out.set(r);
          }
        });
      }
    }
  }
}
