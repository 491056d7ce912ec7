package io.vigil.detect.intel;

import java.util.Arrays;

/**
 * An open-addressing hash table from a 128-bit key (two longs) to the indicators stored under it.
 *
 * <p>Filled once by {@link #put}, then only read: reads need no locks once the table is safely
 * published. Linear probing at a load factor of at most one half keeps a lookup at one or two
 * probes whatever the size. A slot's two key halves sit side by side, so that a probe of a table
 * too large for the CPU caches reads two cache lines (the slot's value, then its key), not three.
 */
final class PrefixTable {
  private long[] keys;
  private Indicator[][] values;
  private int size;

  PrefixTable() {
    keys = new long[32];
    values = new Indicator[16][];
  }

  /** Adds {@code indicator} under the key; several indicators may share a key. */
  void put(long hi, long lo, Indicator indicator) {
    if (2 * (size + 1) > values.length) {
      grow();
    }
    int mask = values.length - 1;
    int slot = hash(hi, lo) & mask;
    while (values[slot] != null) {
      if (keys[2 * slot] == hi && keys[2 * slot + 1] == lo) {
        Indicator[] held = values[slot];
        Indicator[] more = Arrays.copyOf(held, held.length + 1);
        more[held.length] = indicator;
        values[slot] = more;
        return;
      }
      slot = (slot + 1) & mask;
    }
    keys[2 * slot] = hi;
    keys[2 * slot + 1] = lo;
    values[slot] = new Indicator[] {indicator};
    size++;
  }

  /** The indicators under the key, or null when there are none. */
  Indicator[] get(long hi, long lo) {
    int mask = values.length - 1;
    int slot = hash(hi, lo) & mask;
    Indicator[] found;
    while ((found = values[slot]) != null) {
      if (keys[2 * slot] == hi && keys[2 * slot + 1] == lo) {
        return found;
      }
      slot = (slot + 1) & mask;
    }
    return null;
  }

  private void grow() {
    long[] oldKeys = keys;
    Indicator[][] oldValues = values;
    int capacity = oldValues.length * 2;
    keys = new long[2 * capacity];
    values = new Indicator[capacity][];
    int mask = capacity - 1;
    for (int i = 0; i < oldValues.length; i++) {
      if (oldValues[i] != null) {
        long hi = oldKeys[2 * i];
        long lo = oldKeys[2 * i + 1];
        int slot = hash(hi, lo) & mask;
        while (values[slot] != null) {
          slot = (slot + 1) & mask;
        }
        keys[2 * slot] = hi;
        keys[2 * slot + 1] = lo;
        values[slot] = oldValues[i];
      }
    }
  }

  private static int hash(long hi, long lo) {
    long h = hi * 0x9E37_79B9_7F4A_7C15L + lo;
    h = (h ^ (h >>> 32)) * 0xD6E8_FEB8_6659_FD93L;
    h = (h ^ (h >>> 32)) * 0xD6E8_FEB8_6659_FD93L;
    return (int) (h ^ (h >>> 32));
  }
}
