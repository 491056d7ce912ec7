package io.vigil.detect;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Copies state values the way a serializer would see them: a record is taken apart into its
 * components and rebuilt through its canonical constructor, collections are rebuilt element by
 * element, and immutable values (strings, boxed numbers, enums, {@code Instant}, {@code Duration})
 * are kept. Anything else is not plain data, and is rejected with where it sits. The copy shares no
 * mutable object with the original, so a detection that keeps a reference into its state, or changes
 * it without putting it back, is caught.
 */
final class PlainData {
  private PlainData() {}

  /**
   * A deep copy of {@code value}.
   *
   * @param where names the value in the error, for example {@code custom-alert-windows[gw-1]}
   * @throws IllegalArgumentException if a part of {@code value} is not plain data
   */
  static <T> T copy(T value, String where) {
    @SuppressWarnings("unchecked")
    T copy = (T) copyAny(value, where);
    return copy;
  }

  private static Object copyAny(Object v, String where) {
    return switch (v) {
      case null -> null;
      case String s -> s;
      case Number n when n.getClass().getName().startsWith("java.lang.") -> n;
      case Boolean b -> b;
      case Character c -> c;
      case Enum<?> e -> e;
      case Instant i -> i;
      case Duration d -> d;
      case UUID u -> u;
      case long[] a -> a.clone();
      case byte[] a -> a.clone();
      case Record r -> copyRecord(r, where);
      case EnumMap<?, ?> m -> copyEnumMap(m, where);
      case Map<?, ?> m -> copyMap(m, where);
      case List<?> l -> copyInto(new ArrayList<>(l.size()), l, where);
      case Set<?> s -> copyInto(new LinkedHashSet<>(), s, where);
      default -> throw new IllegalArgumentException("not plain data: " + v.getClass().getName() + " at " + where);
    };
  }

  private static Record copyRecord(Record r, String where) {
    RecordComponent[] components = r.getClass().getRecordComponents();
    Object[] values = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    try {
      for (int i = 0; i < components.length; i++) {
        components[i].getAccessor().setAccessible(true);
        values[i] = copyAny(components[i].getAccessor().invoke(r), where + "." + components[i].getName());
        types[i] = components[i].getType();
      }
      Constructor<? extends Record> canonical = r.getClass().getDeclaredConstructor(types);
      canonical.setAccessible(true);
      return canonical.newInstance(values);
    } catch (ReflectiveOperationException e) {
      Throwable cause = e instanceof InvocationTargetException t ? t.getCause() : e;
      throw new IllegalArgumentException("cannot rebuild " + r.getClass().getName() + " at " + where + ": " + cause, cause);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Map<?, ?> copyEnumMap(EnumMap<?, ?> m, String where) {
    EnumMap out = new EnumMap(m);
    for (Map.Entry<?, ?> e : m.entrySet()) {
      out.put(e.getKey(), copyAny(e.getValue(), where + "[" + e.getKey() + "]"));
    }
    return out;
  }

  private static Map<?, ?> copyMap(Map<?, ?> m, String where) {
    Map<Object, Object> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      out.put(copyAny(e.getKey(), where + " key"), copyAny(e.getValue(), where + "[" + e.getKey() + "]"));
    }
    return out;
  }

  private static <C extends Collection<Object>> C copyInto(C out, Collection<?> in, String where) {
    int i = 0;
    for (Object o : in) {
      out.add(copyAny(o, where + "[" + i++ + "]"));
    }
    return out;
  }
}
