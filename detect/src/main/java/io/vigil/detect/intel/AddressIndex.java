package io.vigil.detect.intel;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The IP indicators, addresses and CIDR blocks alike, as one hash table per prefix length.
 *
 * <p>A lookup masks the address to each prefix length that holds any indicator, longest first,
 * and probes that length's table: at most 129 probes (IPv4 lives in the IPv4-mapped IPv6 space),
 * in practice one per distinct prefix length in the feeds, and never more as the feeds grow.
 */
final class AddressIndex {
  private final PrefixTable[] byLength = new PrefixTable[129];
  private int[] lengths = new int[0];

  /** Adds an indicator of type {@link IndicatorType#IP}. Not for use once lookups have begun. */
  void add(Indicator indicator) {
    IpPrefix prefix = IpPrefix.parse(indicator.value());
    PrefixTable table = byLength[prefix.length()];
    if (table == null) {
      table = byLength[prefix.length()] = new PrefixTable();
      List<Integer> present = new ArrayList<>();
      for (int length = 128; length >= 0; length--) {
        if (byLength[length] != null) {
          present.add(length);
        }
      }
      lengths = present.stream().mapToInt(Integer::intValue).toArray();
    }
    table.put(prefix.hi(), prefix.lo(), indicator);
  }

  /** Adds the indicators covering {@code address} and active at {@code time} to {@code out}, most specific first. */
  void match(IpPrefix address, Instant time, List<Indicator> out) {
    long hi = address.hi();
    long lo = address.lo();
    for (int length : lengths) {
      Indicator[] found = byLength[length].get(hi & IpPrefix.maskHi(length), lo & IpPrefix.maskLo(length));
      if (found != null) {
        IndicatorStore.addActive(found, time, out);
      }
    }
  }
}
