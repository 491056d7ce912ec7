package io.vigil.detect.sigma;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One event as the matchers read it: each field's values as text, converted and lower-cased at
 * most once per event however many rules read them.
 *
 * <p>Numbers read as their decimal text ({@code 4444}, {@code 1.5}), booleans as {@code true} and
 * {@code false}, and a collection as each of its elements: a rule value matches a multi-valued
 * field when it matches one element. The fields rules read are cached by their {@link FieldSlots}
 * slot; others are converted on each read. Not thread-safe: one per event and thread.
 */
final class EventView {
  private static final String[] NONE = new String[0];

  private final Map<String, ?> fields;
  private String[][] raw;
  private String[][] lower;

  EventView(Map<String, ?> fields) {
    this.fields = fields;
    int slots = FieldSlots.count();
    this.raw = new String[slots][];
    this.lower = new String[slots][];
  }

  /** Whether the event has the field at all, even with a null or empty value. */
  boolean has(String field) {
    return fields.containsKey(field);
  }

  /** The field's values as text: empty when the field is absent or null. */
  String[] values(String field) {
    int slot = FieldSlots.of(field);
    return slot == FieldSlots.NONE ? convert(fields.get(field)) : values(slot);
  }

  /** The values of the field in {@code slot} (see {@link FieldSlots}). */
  String[] values(int slot) {
    if (slot >= raw.length) {
      grow();
    }
    String[] v = raw[slot];
    if (v == null) {
      v = convert(fields.get(FieldSlots.name(slot)));
      raw[slot] = v;
    }
    return v;
  }

  /** The field's values lower-cased (Locale.ROOT), aligned with {@link #values}. */
  String[] lowerValues(String field) {
    int slot = FieldSlots.of(field);
    return slot == FieldSlots.NONE ? lower(convert(fields.get(field))) : lowerValues(slot);
  }

  /** The lower-cased values of the field in {@code slot}, aligned with {@link #values(int)}. */
  String[] lowerValues(int slot) {
    if (slot >= lower.length) {
      grow();
    }
    String[] v = lower[slot];
    if (v == null) {
      v = lower(values(slot));
      lower[slot] = v;
    }
    return v;
  }

  /** The names of the event's fields. */
  Iterable<String> names() {
    return fields.keySet();
  }

  /** The first value of the field as text, or null when it has none. */
  String first(String field) {
    String[] v = values(field);
    return v.length == 0 ? null : v[0];
  }

  /** The text Sigma compares for a field value; null for null. */
  static String text(Object value) {
    return switch (value) {
      case null -> null;
      case String s -> s;
      case Double d when d == Math.rint(d) && !d.isInfinite() && Math.abs(d) < 1e15 -> Long.toString(d.longValue());
      case Float f when f == Math.rint(f) && !f.isInfinite() && Math.abs(f) < 1e7 -> Long.toString(f.longValue());
      default -> value.toString();
    };
  }

  /** Rules loaded after this view was made registered more fields. */
  private void grow() {
    int slots = FieldSlots.count();
    raw = Arrays.copyOf(raw, slots);
    lower = Arrays.copyOf(lower, slots);
  }

  private static String[] lower(String[] values) {
    if (values.length == 0) {
      return values;
    }
    String[] out = new String[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i].toLowerCase(Locale.ROOT);
    }
    return out;
  }

  private static String[] convert(Object value) {
    if (value == null) {
      return NONE;
    }
    if (value instanceof Collection<?> c) {
      List<String> out = new ArrayList<>(c.size());
      for (Object o : c) {
        if (o != null) {
          out.add(text(o));
        }
      }
      return out.toArray(NONE);
    }
    return new String[] {text(value)};
  }
}
