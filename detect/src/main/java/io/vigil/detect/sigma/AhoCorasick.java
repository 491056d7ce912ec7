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
 *
 * <p>ASCII characters step through a dense transition table (one row per state, one column per
 * ASCII character the literals use, failure links folded in), so a step is two array reads; other
 * characters follow the trie and its failure links.
 */
final class AhoCorasick {
  /** Column of each ASCII character in {@link #delta}; 0 for characters no literal uses. */
  private final int[] column = new int[128];
  private final int width;
  private final int[] delta;
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
    int columns = 1;
    for (int id = 0; id < patterns.size(); id++) {
      int node = 0;
      for (char c : patterns.get(id).toCharArray()) {
        if (c < 128 && column[c] == 0) {
          column[c] = columns++;
        }
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
    width = columns;
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
    delta = new int[n * width];
    for (int c = 0; c < 128; c++) {
      if (column[c] != 0) {
        delta[column[c]] = Math.max(0, child(0, (char) c));
      }
    }
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
      // Breadth-first, so the failure state's row is complete before this one is filled.
      for (int c = 0; c < 128; c++) {
        if (column[c] != 0) {
          int to = child(node, (char) c);
          delta[node * width + column[c]] = to >= 0 ? to : delta[fail[node] * width + column[c]];
        }
      }
    }
  }

  /** Reports the id of every pattern found in {@code text}, once per occurrence. */
  void search(String text, IntConsumer hit) {
    int state = 0;
    for (int i = 0; i < text.length(); i++) {
      state = step(state, text.charAt(i));
      for (int id : hits[state]) {
        hit.accept(id);
      }
    }
  }

  /** How many states there are; states are numbered from 0, the start. */
  int states() {
    return fail.length;
  }

  /** The ids of the patterns that end at {@code state}. */
  int[] hits(int state) {
    return hits[state];
  }

  /** The state after reading {@code c} in {@code state}. */
  int step(int state, char c) {
    if (c < 128) {
      return delta[state * width + column[c]];
    }
    int to;
    while ((to = child(state, c)) < 0 && state != 0) {
      state = fail[state];
    }
    return Math.max(0, to);
  }

  private int child(int node, char c) {
    int j = Arrays.binarySearch(keys[node], c);
    return j >= 0 ? next[node][j] : -1;
  }
}
