package io.vigil.detect.sigma;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The field map of one Sigma event: string keys in insertion order, in an open-addressing table
 * with no object per entry, as one is built for every payload item. Null keys are refused; entries
 * cannot be removed. Not thread-safe.
 */
final class FieldMap extends AbstractMap<String, Object> {
  private String[] keys = new String[64];
  private Object[] values = new Object[64];
  /** Table positions in insertion order. */
  private int[] order = new int[32];
  private int size;

  @Override
  public Object put(String key, Object value) {
    int at = find(Objects.requireNonNull(key, "key"));
    if (keys[at] != null) {
      Object previous = values[at];
      values[at] = value;
      return previous;
    }
    if (size == order.length) {
      grow();
      at = find(key);
    }
    keys[at] = key;
    values[at] = value;
    order[size++] = at;
    return null;
  }

  @Override
  public Object putIfAbsent(String key, Object value) {
    Object present = get(key);
    return present != null ? present : put(key, value); // as HashMap: a key mapped to null is absent
  }

  @Override
  public Object get(Object key) {
    if (!(key instanceof String k)) {
      return null;
    }
    int at = find(k);
    return keys[at] == null ? null : values[at];
  }

  @Override
  public boolean containsKey(Object key) {
    return key instanceof String k && keys[find(k)] != null;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public void forEach(BiConsumer<? super String, ? super Object> action) {
    for (int i = 0; i < size; i++) {
      action.accept(keys[order[i]], values[order[i]]);
    }
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<String, Object>> iterator() {
        return new Iterator<>() {
          private int i;

          @Override
          public boolean hasNext() {
            return i < size;
          }

          @Override
          public Entry<String, Object> next() {
            if (i >= size) {
              throw new NoSuchElementException();
            }
            int at = order[i++];
            return new SimpleImmutableEntry<>(keys[at], values[at]);
          }
        };
      }

      @Override
      public int size() {
        return size;
      }
    };
  }

  /** The position of {@code key}, or the free position where it would go. The table is at most half full. */
  private int find(String key) {
    int mask = keys.length - 1;
    int h = key.hashCode();
    int at = (h ^ (h >>> 16)) & mask;
    while (keys[at] != null && !keys[at].equals(key)) {
      at = (at + 1) & mask;
    }
    return at;
  }

  private void grow() {
    String[] oldKeys = keys;
    Object[] oldValues = values;
    int[] oldOrder = order;
    keys = new String[oldKeys.length * 2];
    values = new Object[oldKeys.length * 2];
    order = Arrays.copyOf(order, order.length * 2);
    for (int i = 0; i < size; i++) {
      int at = find(oldKeys[oldOrder[i]]);
      keys[at] = oldKeys[oldOrder[i]];
      values[at] = oldValues[oldOrder[i]];
      order[i] = at;
    }
  }
}
