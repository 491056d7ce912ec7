package io.vigil.model;

/**
 * An enum whose constants travel on the wire and in the workspace in PascalCase.
 *
 * <p>{@code NOT_OPTIMAL} is written {@code NotOptimal}, {@code IN} is written {@code In}: the
 * spelling of the security message schema v1.0.
 */
public interface WireName {
  /** The constant's Java name, as {@link Enum#name()} gives it. */
  String name();

  /** The spelling used on the wire and in the workspace; computed once per enum constant. */
  default String wireName() {
    if (this instanceof Enum<?> e) {
      return WireSpellings.of(e);
    }
    return WireSpellings.spell(name());
  }

  /**
   * The constant of {@code type} whose wire name is {@code text}.
   *
   * @throws IllegalArgumentException naming the allowed values when none matches
   */
  static <E extends Enum<E> & WireName> E parse(Class<E> type, String text) {
    for (E e : type.getEnumConstants()) {
      if (e.wireName().equals(text)) {
        return e;
      }
    }
    throw new IllegalArgumentException("'" + text + "' is not one of " + allowed(type));
  }

  /** The wire names of {@code type}, comma separated, for error messages. */
  static <E extends Enum<E> & WireName> String allowed(Class<E> type) {
    StringBuilder out = new StringBuilder();
    for (E e : type.getEnumConstants()) {
      out.append(out.isEmpty() ? "" : ", ").append(e.wireName());
    }
    return out.toString();
  }
}
