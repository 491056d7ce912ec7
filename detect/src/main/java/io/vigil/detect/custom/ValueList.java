package io.vigil.detect.custom;

import io.vigil.detect.settings.Wildcard;
import io.vigil.detect.sigma.Cidr;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A list rule's values compiled for matching: IP addresses and CIDR networks, or strings that match
 * exactly (case-sensitive, as Linux paths and user names are) with {@code *} standing for any run of
 * characters. Immutable and thread-safe.
 */
final class ValueList {
  private final List<Cidr> networks = new ArrayList<>();
  private final List<String> networkTexts = new ArrayList<>();
  private final Set<String> exact = new HashSet<>();
  private final List<Wildcard> wildcards = new ArrayList<>();
  private final List<String> wildcardTexts = new ArrayList<>();

  ValueList(CustomAlertRule rule) {
    for (String v : rule.values()) {
      if (rule.type().valueKind() == CustomAlertType.Values.IP) {
        networks.add(Cidr.parse(v));
        networkTexts.add(v);
      } else if (v.indexOf('*') < 0) {
        exact.add(v);
      } else {
        wildcards.add(Wildcard.of(v));
        wildcardTexts.add(v);
      }
    }
  }

  /** The list's value that {@code value} matches, or null when it is not on the list (a value that is not an IP literal is on no IP list). */
  String match(String value) {
    for (int i = 0; i < networks.size(); i++) {
      if (networks.get(i).contains(value)) {
        return networkTexts.get(i);
      }
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
