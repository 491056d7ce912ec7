package io.vigil.detect.intel;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The IP indicators, addresses and CIDR blocks alike, as one hash table per prefix length.
 *
 * <p>A lookup masks the address to each prefix length that can hold a match, longest first, and
 * probes that length's table: at most 129 probes, in practice one per distinct prefix length in
 * the feeds, and never more as the feeds grow. IPv4 lives in the IPv4-mapped IPv6 space, and the
 * lengths are kept per family, so an IPv4 lookup probes only the lengths of IPv4 blocks (plus any
 * IPv6 block short enough to cover all of IPv4, such as {@code ::/0}) and an IPv6 lookup only the
 * lengths of IPv6 blocks.
 */
final class AddressIndex {
  private static final long MAPPED = 0xFFFF_0000_0000L;

  private final PrefixTable[] byLength = new PrefixTable[129];
  private final boolean[] v4 = new boolean[129];
  private final boolean[] v6 = new boolean[129];
  private int[] v4Lengths = new int[0];
  private int[] v6Lengths = new int[0];

  /** Adds an indicator of type {@link IndicatorType#IP}. Not for use once lookups have begun. */
  void add(Indicator indicator) {
    IpPrefix prefix = IpPrefix.parse(indicator.value());
    int length = prefix.length();
    if (byLength[length] == null) {
      byLength[length] = new PrefixTable();
    }
    byLength[length].put(prefix.hi(), prefix.lo(), indicator);
    boolean coversAllOfV4 = length < 96 && prefix.hi() == 0 && prefix.lo() == (MAPPED & IpPrefix.maskLo(length));
    if (prefix.isV4() || coversAllOfV4) {
      v4Lengths = with(v4, length, v4Lengths);
    }
    if (!prefix.isV4()) {
      v6Lengths = with(v6, length, v6Lengths);
    }
  }

  /** Adds the indicators covering {@code address} and active at {@code time} to {@code out}, most specific first. */
  void match(IpPrefix address, Instant time, List<Indicator> out) {
    long hi = address.hi();
    long lo = address.lo();
    for (int length : address.isV4() ? v4Lengths : v6Lengths) {
      Indicator[] found = byLength[length].get(hi & IpPrefix.maskHi(length), lo & IpPrefix.maskLo(length));
      if (found != null) {
        IndicatorStore.addActive(found, time, out);
      }
    }
  }

  /** Marks {@code length} present in {@code family} and returns that family's lengths, longest first. */
  private static int[] with(boolean[] family, int length, int[] lengths) {
    if (family[length]) {
      return lengths;
    }
    family[length] = true;
    return IntStream.rangeClosed(0, 128).map(i -> 128 - i).filter(i -> family[i]).toArray();
  }
}
