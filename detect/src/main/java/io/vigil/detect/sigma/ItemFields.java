package io.vigil.detect.sigma;

import io.vigil.model.WireName;
import io.vigil.model.event.DeviceEvent;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The Sigma fields of one payload item, each worked out from the item when it is read: rules read
 * a few of an item's twenty-odd fields, and most items match no rule, so building every field of
 * every item would be wasted. Read-only.
 *
 * <p>The fields, in order: {@code DeviceId}, {@code SecurityGroup}, the {@link Shape}'s fields
 * whose values are not null, then the item's {@code ExtraDetails} entries whose names none of
 * those has. Enum values read in their wire spelling, instants as ISO-8601 text.
 */
final class ItemFields<T> extends AbstractMap<String, Object> {
  private final Shape<T> shape;
  private final DeviceEvent event;
  private final T item;

  ItemFields(Shape<T> shape, DeviceEvent event, T item) {
    this.shape = shape;
    this.event = event;
    this.item = item;
  }

  @Override
  public Object get(Object key) {
    if (!(key instanceof String name)) {
      return null;
    }
    int i = shape.index(name);
    Object value = i < 0 ? null : value(i);
    return value != null ? value : shape.extra.apply(item).get(name);
  }

  @Override
  public boolean containsKey(Object key) {
    return get(key) != null; // no field holds null
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    List<Entry<String, Object>> entries = new ArrayList<>(shape.names.length + 4);
    for (int i = 0; i < shape.names.length; i++) {
      Object value = value(i);
      if (value != null) {
        entries.add(new SimpleImmutableEntry<>(shape.names[i], value));
      }
    }
    shape.extra.apply(item).forEach((name, value) -> {
      int i = shape.index(name);
      if (i < 0 || value(i) == null) {
        entries.add(new SimpleImmutableEntry<>(name, value));
      }
    });
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<String, Object>> iterator() {
        return entries.iterator();
      }

      @Override
      public int size() {
        return entries.size();
      }
    };
  }

  private Object value(int i) {
    return switch (i) {
      case 0 -> event.deviceId();
      case 1 -> event.securityGroup();
      default -> switch (shape.values.get(i - 2).apply(item)) {
        case null -> null;
        case WireName w -> w.wireName(); // computed once per enum constant
        case Instant t -> t.toString();
        case Object o -> o;
      };
    };
  }

  /**
   * The fields one kind of payload item has, in order, and how each is read from the item. Built
   * once per kind; thread-safe once built.
   */
  static final class Shape<T> {
    private String[] names = {"DeviceId", "SecurityGroup"};
    private final Map<String, Integer> indexes = new HashMap<>(Map.of("DeviceId", 0, "SecurityGroup", 1));
    private final List<Function<T, Object>> values = new ArrayList<>();
    private Function<T, Map<String, String>> extra = t -> Map.of();

    /** Adds field {@code name}, read by {@code value} (null: the item does not have it). */
    Shape<T> field(String name, Function<T, Object> value) {
      if (indexes.putIfAbsent(name, names.length) != null) {
        throw new IllegalArgumentException("field " + name + " is mapped twice");
      }
      names = Arrays.copyOf(names, names.length + 1);
      names[names.length - 1] = name;
      values.add(Objects.requireNonNull(value, "value"));
      return this;
    }

    /** The item's {@code ExtraDetails}, whose entries are fields where their names are not taken. */
    Shape<T> extra(Function<T, Map<String, String>> extra) {
      this.extra = Objects.requireNonNull(extra, "extra");
      return this;
    }

    private int index(String name) {
      Integer i = indexes.get(name);
      return i == null ? -1 : i;
    }
  }
}
