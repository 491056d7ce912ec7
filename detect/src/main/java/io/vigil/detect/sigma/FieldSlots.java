package io.vigil.detect.sigma;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Numbers the field names that compiled rules read, so that an {@link EventView} keeps each
 * field's converted and lower-cased values in an array slot instead of a map. Thread-safe.
 *
 * <p>Only rule compilation registers names; names that events carry but no rule reads get no
 * slot. The registry is bounded: past {@link #MAX} names, new ones get none and are read without
 * caching, which is slower but the same.
 */
final class FieldSlots {
  static final int NONE = -1;
  static final int MAX = 4096;

  private static final ConcurrentHashMap<String, Integer> SLOTS = new ConcurrentHashMap<>();
  private static volatile String[] names = new String[0];

  private FieldSlots() {}

  /** The slot of {@code field}, registering it; {@link #NONE} when the registry is full. */
  static int register(String field) {
    Integer slot = SLOTS.get(field);
    if (slot != null) {
      return slot;
    }
    synchronized (FieldSlots.class) {
      slot = SLOTS.get(field);
      if (slot != null) {
        return slot;
      }
      String[] current = names;
      if (current.length >= MAX) {
        return NONE;
      }
      String[] grown = Arrays.copyOf(current, current.length + 1);
      grown[current.length] = field;
      names = grown;
      SLOTS.put(field, current.length);
      return current.length;
    }
  }

  /** The slot of {@code field}, or {@link #NONE} when no rule registered it. */
  static int of(String field) {
    Integer slot = SLOTS.get(field);
    return slot == null ? NONE : slot;
  }

  /** The field name of {@code slot}. */
  static String name(int slot) {
    return names[slot];
  }

  /** How many slots there are now. */
  static int count() {
    return names.length;
  }
}
