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
 * lengths are kept per family, so an IPv6 lookup probes only the lengths of IPv6 blocks. An IPv4
 * lookup narrows further: for each /16 the index keeps a bit per prefix length from /16 to /32
 * that holds something inside that /16, so it probes only those (often none), then the lengths
 * shorter than /16 (including any IPv6 block that covers all of IPv4, such as {@code ::/0}).
 */
final class AddressIndex {
  private static final long MAPPED = 0xFFFF_0000_0000L;

  private final PrefixTable[] byLength = new PrefixTable[129];
  private final boolean[] v4Short = new boolean[129];
  private final boolean[] v6 = new boolean[129];
  /** Per IPv4 /16: bit {@code n} set when some block of length {@code 16 + n} lies inside it. Null until needed. */
  private int[] v4LongBySlash16;
  private int[] v4ShortLengths = new int[0];
  private int[] v6Lengths = new int[0];

  /** Adds an indicator of type {@link IndicatorType#IP}. Not for use once lookups have begun. */
  void add(Indicator indicator) {
    IpPrefix prefix = IpPrefix.parse(indicator.value());
    int length = prefix.length();
    if (byLength[length] == null) {
      byLength[length] = new PrefixTable();
    }
    byLength[length].put(prefix.hi(), prefix.lo(), indicator);
    if (prefix.isV4() && length >= 96 + 16) {
      if (v4LongBySlash16 == null) {
        v4LongBySlash16 = new int[1 << 16];
      }
      v4LongBySlash16[slash16(prefix.lo())] |= 1 << (length - 96 - 16);
    } else if (prefix.isV4() || length < 96 && prefix.hi() == 0 && prefix.lo() == (MAPPED & IpPrefix.maskLo(length))) {
      v4ShortLengths = with(v4Short, length, v4ShortLengths);
    }
    if (!prefix.isV4()) {
      v6Lengths = with(v6, length, v6Lengths);
    }
  }

  /** Adds the indicators covering {@code address} and active at {@code time} to {@code out}, most specific first. */
  void match(IpPrefix address, Instant time, List<Indicator> out) {
    if (!address.isV4()) {
      for (int length : v6Lengths) {
        probe(address, length, time, out);
      }
      return;
    }
    int lengths = v4LongBySlash16 == null ? 0 : v4LongBySlash16[slash16(address.lo())];
    while (lengths != 0) {
      int bit = 31 - Integer.numberOfLeadingZeros(lengths);
      probe(address, 96 + 16 + bit, time, out);
      lengths &= ~(1 << bit);
    }
    for (int length : v4ShortLengths) {
      probe(address, length, time, out);
    }
  }

  private void probe(IpPrefix address, int length, Instant time, List<Indicator> out) {
    Indicator[] found = byLength[length].get(address.hi() & IpPrefix.maskHi(length), address.lo() & IpPrefix.maskLo(length));
    if (found != null) {
      IndicatorStore.addActive(found, time, out);
    }
  }

  /** The first 16 bits of the IPv4 address in the low 32 bits of {@code lo}. */
  private static int slash16(long lo) {
    return (int) (lo >>> 16) & 0xFFFF;
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
