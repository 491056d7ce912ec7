package io.vigil.detect.anomaly;

import java.util.Arrays;

/**
 * A small set of 64-bit item hashes, kept sorted in one array: 8 bytes per member, no boxing. The
 * caller bounds its size. Not thread-safe.
 */
final class ItemSet {
  private static final long[] EMPTY = new long[0];
  private long[] items = EMPTY;
  private int size;

  boolean contains(long item) {
    return Arrays.binarySearch(items, 0, size, item) >= 0;
  }

  /** Adds {@code item}; false when it was there already. */
  boolean add(long item) {
    int at = Arrays.binarySearch(items, 0, size, item);
    if (at >= 0) {
      return false;
    }
    int insert = -at - 1;
    if (size == items.length) {
      items = Arrays.copyOf(items, Math.max(4, size + (size >> 1)));
    }
    System.arraycopy(items, insert, items, insert + 1, size - insert);
    items[insert] = item;
    size++;
    return true;
  }

  /** Drops spare capacity, once the set has stopped growing (at the end of learning). */
  void trim() {
    if (items.length > size) {
      items = size == 0 ? EMPTY : Arrays.copyOf(items, size);
    }
  }

  int size() {
    return size;
  }

  long get(int i) {
    return items[i];
  }

  /** The members, in ascending order. */
  long[] toArray() {
    return Arrays.copyOf(items, size);
  }
}
