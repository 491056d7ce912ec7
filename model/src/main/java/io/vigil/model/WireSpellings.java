package io.vigil.model;

import java.util.Locale;

/** The {@link WireName} spellings of enum constants, computed once per enum (decoding and storing ask for them per field). */
final class WireSpellings {
  private WireSpellings() {}

  private static final ClassValue<String[]> OF_ENUM = new ClassValue<>() {
    @Override
    protected String[] computeValue(Class<?> type) {
      Object[] constants = type.getEnumConstants();
      String[] names = new String[constants.length];
      for (int i = 0; i < constants.length; i++) {
        names[i] = spell(((Enum<?>) constants[i]).name());
      }
      return names;
    }
  };

  static String of(Enum<?> constant) {
    return OF_ENUM.get(constant.getDeclaringClass())[constant.ordinal()];
  }

  /** {@code NOT_OPTIMAL} as {@code NotOptimal}. */
  static String spell(String name) {
    StringBuilder out = new StringBuilder();
    for (String part : name.split("_")) {
      if (!part.isEmpty()) {
        out.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
      }
    }
    return out.toString();
  }
}
