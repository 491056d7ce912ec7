package io.vigil.detect.sigma;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The rules anchored by a prefix (or a suffix) of one field: a trie walked from the start (or the
 * end) of the value, so a lookup costs at most the longest literal's length, however many there
 * are. Immutable and thread-safe.
 */
final class AffixTrie {
  private final boolean fromEnd;
  private final char[][] keys;
  private final int[][] next;
  private final int[][] rules;

  /** A trie of {@code literals} (lower-cased) with the rules each anchors; suffixes when {@code fromEnd}. */
  AffixTrie(Map<String, List<Integer>> literals, boolean fromEnd) {
    this.fromEnd = fromEnd;
    List<TreeMap<Character, Integer>> children = new ArrayList<>();
    List<Set<Integer>> own = new ArrayList<>();
    children.add(new TreeMap<>());
    own.add(new LinkedHashSet<>());
    literals.forEach((literal, ruleIndexes) -> {
      int node = 0;
      for (int i = 0; i < literal.length(); i++) {
        char c = literal.charAt(fromEnd ? literal.length() - 1 - i : i);
        Integer child = children.get(node).get(c);
        if (child == null) {
          child = children.size();
          children.get(node).put(c, child);
          children.add(new TreeMap<>());
          own.add(new LinkedHashSet<>());
        }
        node = child;
      }
      own.get(node).addAll(ruleIndexes);
    });
    int n = children.size();
    keys = new char[n][];
    next = new int[n][];
    rules = new int[n][];
    for (int i = 0; i < n; i++) {
      TreeMap<Character, Integer> m = children.get(i);
      keys[i] = new char[m.size()];
      next[i] = new int[m.size()];
      int j = 0;
      for (var e : m.entrySet()) {
        keys[i][j] = e.getKey();
        next[i][j++] = e.getValue();
      }
      rules[i] = own.get(i).stream().mapToInt(Integer::intValue).toArray();
    }
  }

  /** Sets in {@code out} the rules whose literal {@code value} starts (or ends) with. */
  void scan(String value, java.util.BitSet out) {
    int node = 0;
    int len = value.length();
    for (int i = 0; i < len; i++) {
      char c = value.charAt(fromEnd ? len - 1 - i : i);
      int j = Arrays.binarySearch(keys[node], c);
      if (j < 0) {
        return;
      }
      node = next[node][j];
      for (int r : rules[node]) {
        out.set(r);
      }
    }
  }
}
