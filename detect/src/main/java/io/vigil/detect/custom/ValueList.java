package io.vigil.detect.custom;

import io.vigil.detect.settings.Wildcard;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A list rule's values compiled for matching: IP addresses and CIDR networks ({@link NetworkSet}),
 * or strings that match exactly (case-sensitive, as Linux paths and user names are) with {@code *}
 * standing for any run of characters. Immutable and thread-safe.
 */
final class ValueList {
  private final NetworkSet networks;
  private final Set<String> exact = new HashSet<>();
  private final List<Wildcard> wildcards = new ArrayList<>();
  private final List<String> wildcardTexts = new ArrayList<>();

  ValueList(CustomAlertRule rule) {
    boolean ip = rule.type().valueKind() == CustomAlertType.Values.IP;
    networks = new NetworkSet(ip ? rule.values() : List.of());
    for (String v : ip ? List.<String>of() : rule.values()) {
      if (v.indexOf('*') < 0) {
        exact.add(v);
      } else {
        wildcards.add(Wildcard.of(v));
        wildcardTexts.add(v);
      }
    }
  }

  /**
   * The list's value that {@code value} matches, or null when it is not on the list. A value that is
   * not an IP literal is on no IP list.
   */
  String match(String value) {
    if (!networks.isEmpty()) {
      return networks.match(value);
    }
    if (exact.contains(value)) {
      return value;
    }
    for (int i = 0; i < wildcards.size(); i++) {
      if (wildcards.get(i).matches(value)) {
        return wildcardTexts.get(i);
      }
    }
    return null;
  }
}
