package io.vigil.detect.sigma;

import java.util.ArrayList;
import java.util.List;

/**
 * A compiled piece of a rule's detection: a search identifier, a field test, or the condition's
 * and/or/not over them. Immutable and thread-safe.
 */
sealed interface Search {
  boolean matches(EventView event);

  /**
   * A rough relative cost of {@link #matches}: an AND or OR evaluates its cheaper parts first, as
   * any order gives the same result.
   */
  int cost();

  /** {@code parts} from the cheapest to the dearest, in their order where equal. */
  private static Search[] cheapestFirst(Search[] parts) {
    Search[] sorted = parts.clone();
    java.util.Arrays.sort(sorted, java.util.Comparator.comparingInt(Search::cost));
    return sorted;
  }

  private static int sum(Search[] parts) {
    int cost = 0;
    for (Search s : parts) {
      cost += s.cost();
    }
    return cost;
  }

  /** The prefilter literals of this search (see {@link Anchors}), or null when it has none. */
  Anchors anchors();

  /** AND: a selection map's fields, {@code all of}, {@code and}. */
  record All(Search[] parts) implements Search {
    public All {
      parts = Search.cheapestFirst(parts);
    }

    @Override
    public int cost() {
      return Search.sum(parts);
    }

    @Override
    public boolean matches(EventView event) {
      for (Search s : parts) {
        if (!s.matches(event)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public Anchors anchors() {
      List<Anchors> each = new ArrayList<>(parts.length);
      for (Search s : parts) {
        each.add(s.anchors());
      }
      return Anchors.best(each);
    }
  }

  /** OR: a list of selection maps, {@code 1 of}, {@code or}. */
  record Any(Search[] parts) implements Search {
    public Any {
      parts = Search.cheapestFirst(parts);
    }

    @Override
    public int cost() {
      return Search.sum(parts);
    }

    @Override
    public boolean matches(EventView event) {
      for (Search s : parts) {
        if (s.matches(event)) {
          return true;
        }
      }
      return false;
    }

    @Override
    public Anchors anchors() {
      List<Anchors> each = new ArrayList<>(parts.length);
      for (Search s : parts) {
        each.add(s.anchors());
      }
      return Anchors.union(each);
    }
  }

  record Not(Search inner) implements Search {
    @Override
    public int cost() {
      return inner.cost();
    }

    @Override
    public boolean matches(EventView event) {
      return !inner.matches(event);
    }

    @Override
    public Anchors anchors() {
      return null;
    }
  }

  /**
   * A field compared with rule values: one of them must match one of the field's values, or with
   * {@code all} each of them must.
   */
  record FieldValues(String field, int slot, ValueMatcher[] values, boolean all, boolean lower) implements Search {
    static FieldValues of(String field, List<ValueMatcher> values, boolean all) {
      boolean lower = values.stream().anyMatch(ValueMatcher::needsLowerCase);
      return new FieldValues(field, FieldSlots.register(field), values.toArray(ValueMatcher[]::new), all, lower);
    }

    @Override
    public int cost() {
      int cost = 0;
      for (ValueMatcher m : values) {
        cost += m.cost();
      }
      return cost;
    }

    @Override
    public boolean matches(EventView event) {
      String[] raw = slot == FieldSlots.NONE ? event.values(field) : event.values(slot);
      if (raw.length == 0) {
        return false;
      }
      String[] low = !lower ? raw : slot == FieldSlots.NONE ? event.lowerValues(field) : event.lowerValues(slot);
      for (ValueMatcher m : values) {
        boolean hit = false;
        for (int i = 0; i < raw.length && !hit; i++) {
          hit = m.test(raw[i], low[i]);
        }
        if (hit != all) {
          return hit;
        }
      }
      return all;
    }

    @Override
    public Anchors anchors() {
      List<Anchors> each = new ArrayList<>(values.length);
      for (ValueMatcher m : values) {
        each.add(m.anchors(field));
      }
      return all ? Anchors.best(each) : Anchors.union(each);
    }
  }

  /** {@code Field: null}: the field is absent, null or empty. */
  record FieldEmpty(String field) implements Search {
    public FieldEmpty {
      FieldSlots.register(field);
    }

    @Override
    public int cost() {
      return 1;
    }

    @Override
    public boolean matches(EventView event) {
      for (String v : event.values(field)) {
        if (!v.isEmpty()) {
          return false;
        }
      }
      return true;
    }

    @Override
    public Anchors anchors() {
      return null;
    }
  }

  /** {@code Field|exists: true/false}: whether the event has the field, whatever its value. */
  record FieldExists(String field, boolean expected) implements Search {
    @Override
    public int cost() {
      return 1;
    }

    @Override
    public boolean matches(EventView event) {
      return event.has(field) == expected;
    }

    @Override
    public Anchors anchors() {
      return null;
    }
  }

  /** {@code |neq}: the field has a value and the rule values do not match it. */
  record Differs(String field, Search equal) implements Search {
    public Differs {
      FieldSlots.register(field);
    }

    @Override
    public int cost() {
      return equal.cost();
    }

    @Override
    public boolean matches(EventView event) {
      return event.values(field).length > 0 && !equal.matches(event);
    }

    @Override
    public Anchors anchors() {
      return null;
    }
  }

  /** {@code |fieldref}: the field compared with the value of other fields of the same event. */
  record FieldRef(String field, String[] others, MatchKind kind, boolean cased, boolean all) implements Search {
    public FieldRef {
      FieldSlots.register(field);
      for (String other : others) {
        FieldSlots.register(other);
      }
    }

    @Override
    public int cost() {
      return 2 + 2 * others.length;
    }

    @Override
    public boolean matches(EventView event) {
      String[] mine = cased ? event.values(field) : event.lowerValues(field);
      if (mine.length == 0) {
        return false;
      }
      for (String other : others) {
        boolean hit = false;
        for (String theirs : cased ? event.values(other) : event.lowerValues(other)) {
          for (String v : mine) {
            hit |= kind.test(v, theirs);
          }
        }
        if (hit != all) {
          return hit;
        }
      }
      return all;
    }

    @Override
    public Anchors anchors() {
      return null;
    }
  }

  /**
   * Keywords: a value searched for in every field of the event (the rule value is matched as if
   * surrounded by {@code *}).
   */
  record Keywords(ValueMatcher[] values, boolean all) implements Search {
    /** Every field of the event is read. */
    @Override
    public int cost() {
      return 20 * values.length;
    }

    @Override
    public boolean matches(EventView event) {
      for (ValueMatcher m : values) {
        boolean hit = false;
        for (String name : event.names()) {
          String[] raw = event.values(name);
          String[] low = m.needsLowerCase() ? event.lowerValues(name) : raw;
          for (int i = 0; i < raw.length && !hit; i++) {
            hit = m.test(raw[i], low[i]);
          }
          if (hit) {
            break;
          }
        }
        if (hit != all) {
          return hit;
        }
      }
      return all;
    }

    @Override
    public Anchors anchors() {
      List<Anchors> each = new ArrayList<>(values.length);
      for (ValueMatcher m : values) {
        each.add(m.anchors(Anchors.ANY_FIELD));
      }
      return all ? Anchors.best(each) : Anchors.union(each);
    }
  }

  /** How a value is placed in a field: the whole value, or {@code contains}, {@code startswith}, {@code endswith}. */
  enum MatchKind {
    EQUALS, CONTAINS, STARTSWITH, ENDSWITH;

    boolean test(String value, String wanted) {
      return switch (this) {
        case EQUALS -> value.equals(wanted);
        case CONTAINS -> value.contains(wanted);
        case STARTSWITH -> value.startsWith(wanted);
        case ENDSWITH -> value.endsWith(wanted);
      };
    }
  }
}
