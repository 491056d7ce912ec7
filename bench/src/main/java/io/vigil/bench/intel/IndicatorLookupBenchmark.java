package io.vigil.bench.intel;

import io.vigil.detect.intel.Indicator;
import io.vigil.detect.intel.IndicatorStore;
import io.vigil.detect.intel.IndicatorType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How fast the threat-intelligence store answers, with a thousand, a hundred thousand and a
 * million indicators: the work of a lookup (hash probes) must not grow with the feeds.
 *
 * <p>What does change with size is where the tables live: a thousand indicators sit in the CPU
 * caches, a million do not, so each of a lookup's fixed number of probes may become a cache miss.
 *
 * <p>The indicators are generated deterministically: 40% IPv4 addresses, 10% IPv4 blocks (/16 to
 * /31), 5% IPv6 addresses, 5% IPv6 blocks (/32, /48, /56, /64) in 2000::/3, 20% domains, 10% URLs and 10%
 * SHA-256 hashes. Every size holds the same prefix lengths: an IPv6 lookup probes 5 tables, an
 * IPv4 lookup at most 17 (those lengths that hold something inside the address's /16). Each benchmark is one lookup (ops/s = lookups/s), cycling through
 * 4,096 probes of which about half hit: addresses inside listed blocks and listed addresses,
 * subdomains of listed domains, listed URLs written with other case and a default port, listed
 * hashes in upper case; the others are random values that (nearly all) miss.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--sun-misc-unsafe-memory-access=allow", "-Xms2g", "-Xmx2g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@State(Scope.Thread)
public class IndicatorLookupBenchmark {
  private static final int PROBES = 4096;
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private static final int[] V6_BLOCKS = {32, 48, 56, 64};

  @Param({"1000", "100000", "1000000"})
  public int indicators;

  private IndicatorStore store;
  private final String[] addresses = new String[PROBES];
  private final String[] domains = new String[PROBES];
  private final String[] urls = new String[PROBES];
  private final String[] hashes = new String[PROBES];
  private int next;

  @Setup
  public void build() {
    Random random = new Random(42);
    List<Indicator> all = new ArrayList<>(indicators);
    List<String> v4 = new ArrayList<>();
    List<String> v4Blocks = new ArrayList<>();
    List<String> v6 = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<String> links = new ArrayList<>();
    List<String> sums = new ArrayList<>();
    List<String> tags = List.of("bench");
    for (int i = 0; i < indicators; i++) {
      int kind = i % 20;
      String value;
      IndicatorType type;
      if (kind < 8) {
        type = IndicatorType.IP;
        value = v4(random.nextInt());
        v4.add(value);
      } else if (kind < 10) {
        type = IndicatorType.IP;
        int length = 16 + (i / 20) % 16;
        int address = random.nextInt() & (int) (0xFFFF_FFFFL << (32 - length));
        value = v4(address) + "/" + length;
        v4Blocks.add(v4(address | random.nextInt() & ((1 << (32 - length)) - 1)));
      } else if (kind < 12) {
        type = IndicatorType.IP;
        int length = kind == 10 ? 128 : V6_BLOCKS[(i / 20) % V6_BLOCKS.length];
        int[] groups = v6Groups(random);
        String address = v6(groups, 128);
        value = length == 128 ? address : v6(groups, length) + "/" + length;
        v6.add(address);
      } else if (kind < 16) {
        type = IndicatorType.DOMAIN;
        value = "h" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36) + ".evil-" + random.nextInt(1000) + ".example";
        names.add(value);
      } else if (kind < 18) {
        type = IndicatorType.URL;
        value = "http://dl" + random.nextInt(100_000) + ".example/bins/" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
        links.add(value);
      } else {
        type = IndicatorType.SHA256;
        byte[] digest = new byte[32];
        random.nextBytes(digest);
        value = HexFormat.of().formatHex(digest);
        sums.add(value);
      }
      all.add(new Indicator(type, value, "bench feed", 50, Indicator.NEVER, tags));
    }
    store = IndicatorStore.of(all);
    for (int p = 0; p < PROBES; p++) {
      boolean hit = p % 2 == 0;
      addresses[p] = switch (p % 6) {
        case 0 -> pick(random, v4);
        case 2 -> pick(random, v4Blocks);
        case 4 -> pick(random, v6);
        case 5 -> v6(v6Groups(random), 128);
        default -> v4(random.nextInt());
      };
      domains[p] = hit ? "www.cdn." + pick(random, names) : "www.cdn.h" + random.nextInt() + ".evil-1.example";
      urls[p] = hit ? pick(random, links).replace("http://", "HTTP://").replace(".example/", ".example:80/")
          : "http://dl" + random.nextInt(100_000) + ".example/bins/miss" + p;
      byte[] digest = new byte[32];
      random.nextBytes(digest);
      hashes[p] = hit ? pick(random, sums).toUpperCase() : HexFormat.of().formatHex(digest);
    }
    int hits = 0;
    for (int p = 0; p < PROBES; p++) {
      hits += store.matchAddress(addresses[p], NOW).isEmpty() ? 0 : 1;
    }
    System.out.printf("%n%,d indicators; %d of %d address probes hit%n", store.size(), hits, PROBES);
  }

  @Benchmark
  public int address() {
    return store.matchAddress(addresses[next++ & (PROBES - 1)], NOW).size();
  }

  @Benchmark
  public int domain() {
    return store.matchDomain(domains[next++ & (PROBES - 1)], NOW).size();
  }

  @Benchmark
  public int url() {
    return store.matchUrl(urls[next++ & (PROBES - 1)], NOW).size();
  }

  @Benchmark
  public int sha256() {
    return store.matchSha256(hashes[next++ & (PROBES - 1)], NOW).size();
  }

  private static String pick(Random random, List<String> values) {
    return values.get(random.nextInt(values.size()));
  }

  private static String v4(int address) {
    return (address >>> 24) + "." + (address >>> 16 & 255) + "." + (address >>> 8 & 255) + "." + (address & 255);
  }

  /** A random global unicast IPv6 address (2000::/3) as eight 16-bit groups. */
  private static int[] v6Groups(Random random) {
    int[] groups = new int[8];
    for (int g = 0; g < 8; g++) {
      groups[g] = random.nextInt(0x10000);
    }
    groups[0] = 0x2000 | groups[0] & 0x1FFF;
    return groups;
  }

  /** The address of {@code groups} with the bits past {@code length} cleared, in full form. */
  private static String v6(int[] groups, int length) {
    StringBuilder text = new StringBuilder();
    for (int g = 0; g < 8; g++) {
      int keep = Math.max(0, Math.min(16, length - g * 16));
      int mask = keep == 0 ? 0 : 0xFFFF << (16 - keep) & 0xFFFF;
      text.append(g == 0 ? "" : ":").append(Integer.toHexString(groups[g] & mask));
    }
    return text.toString();
  }
}
