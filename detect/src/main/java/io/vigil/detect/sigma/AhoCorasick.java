package io.vigil.detect.sigma;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.function.IntConsumer;

/**
 * Finds every one of many literals in a text in a single pass (Aho-Corasick): the cost is linear
 * in the text plus the hits, whatever the number of literals. Immutable and thread-safe.
 */
final class AhoCorasick {
  private final int[] rootNext = new int[128];
  private final char[][] keys;
  private final int[][] next;
  private final int[] fail;
  private final int[][] hits;

  /** An automaton for {@code patterns}; pattern i reports id i. */
  AhoCorasick(List<String> patterns) {
    List<TreeMap<Character, Integer>> children = new ArrayList<>();
    List<List<Integer>> own = new ArrayList<>();
    children.add(new TreeMap<>());
    own.add(new ArrayList<>());
    for (int id = 0; id < patterns.size(); id++) {
      int node = 0;
      for (char c : patterns.get(id).toCharArray()) {
        Integer child = children.get(node).get(c);
        if (child == null) {
          child = children.size();
          children.get(node).put(c, child);
          children.add(new TreeMap<>());
          own.add(new ArrayList<>());
        }
        node = child;
      }
      own.get(node).add(id);
    }
    int n = children.size();
    keys = new char[n][];
    next = new int[n][];
    for (int i = 0; i < n; i++) {
      TreeMap<Character, Integer> m = children.get(i);
      keys[i] = new char[m.size()];
      next[i] = new int[m.size()];
      int j = 0;
      for (var e : m.entrySet()) {
        keys[i][j] = e.getKey();
        next[i][j++] = e.getValue();
      }
    }
    fail = new int[n];
    hits = new int[n][];
    hits[0] = own.get(0).stream().mapToInt(Integer::intValue).toArray();
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int child : next[0]) {
      queue.add(child);
    }
    while (!queue.isEmpty()) {
      int node = queue.poll();
      int[] mine = own.get(node).stream().mapToInt(Integer::intValue).toArray();
      int[] inherited = hits[fail[node]];
      int[] all = Arrays.copyOf(mine, mine.length + inherited.length);
      System.arraycopy(inherited, 0, all, mine.length, inherited.length);
      hits[node] = all;
      for (int j = 0; j < keys[node].length; j++) {
        int child = next[node][j];
        int f = fail[node];
        while (f != 0 && child(f, keys[node][j]) < 0) {
          f = fail[f];
        }
        int target = child(f, keys[node][j]);
        fail[child] = target >= 0 && target != child ? target : 0;
        queue.add(child);
      }
    }
    for (int c = 0; c < 128; c++) {
      rootNext[c] = Math.max(0, child(0, (char) c));
    }
  }

  /** Reports the id of every pattern found in {@code text}, once per occurrence. */
  void search(String text, IntConsumer hit) {
    int state = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      int to;
      while ((to = step(state, c)) < 0) {
        state = fail[state];
      }
      state = to;
      for (int id : hits[state]) {
        hit.accept(id);
      }
    }
  }

  /** The node after {@code c} from {@code state}; from the root, never -1. */
  private int step(int state, char c) {
    if (state == 0) {
      return c < 128 ? rootNext[c] : Math.max(0, child(0, c));
    }
    return child(state, c);
  }

  private int child(int node, char c) {
    int j = Arrays.binarySearch(keys[node], c);
    return j >= 0 ? next[node][j] : -1;
  }
}
