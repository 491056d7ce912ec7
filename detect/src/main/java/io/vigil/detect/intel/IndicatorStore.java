package io.vigil.detect.intel;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable, indexed set of indicators that answers "is this value known to be malicious?".
 *
 * <p>Every lookup costs the same however many indicators the store holds: addresses probe one
 * hash table per prefix length present (see {@link AddressIndex}), domain names one hash lookup
 * per label, URLs, hashes and ports one hash lookup. Expired indicators stay in the store and are
 * left out of the answers, by the time the caller passes (an event's time, never the wall clock).
 *
 * <p>Thread-safe: the store is built once, then only read. To reload feeds, build a new store and
 * swap the reference that detections read (see {@link ThreatIntelDetection}).
 */
public final class IndicatorStore {
  private static final IndicatorStore EMPTY = new IndicatorStore(List.of());

  private final AddressIndex addresses = new AddressIndex();
  private final Map<String, Indicator[]> domains = new HashMap<>();
  private final Map<String, Indicator[]> urls = new HashMap<>();
  private final Map<String, Indicator[]> hashes = new HashMap<>();
  private final Map<Integer, Indicator[]> ports = new HashMap<>();
  private final int size;

  private IndicatorStore(Collection<? extends Indicator> indicators) {
    for (Indicator indicator : indicators) {
      switch (indicator.type()) {
        case IP -> addresses.add(indicator);
        case DOMAIN -> put(domains, indicator.value(), indicator);
        case URL -> put(urls, indicator.value(), indicator);
        case SHA256 -> put(hashes, indicator.value(), indicator);
        case PORT -> put(ports, Integer.valueOf(indicator.value()), indicator);
      }
    }
    size = indicators.size();
  }

  /** A store of {@code indicators}; several indicators may share a value (from several sources, say). */
  public static IndicatorStore of(Collection<? extends Indicator> indicators) {
    return indicators.isEmpty() ? EMPTY : new IndicatorStore(indicators);
  }

  /** A store of the indicators that {@code feeds} loaded. */
  public static IndicatorStore ofFeeds(Collection<FeedResult> feeds) {
    List<Indicator> all = new ArrayList<>();
    feeds.forEach(feed -> all.addAll(feed.indicators()));
    return of(all);
  }

  /** The store with no indicators. */
  public static IndicatorStore empty() {
    return EMPTY;
  }

  /** How many indicators the store holds, expired ones included. */
  public int size() {
    return size;
  }

  /**
   * The IP indicators that cover {@code address} (an IPv4 or IPv6 literal; an IPv4-mapped IPv6
   * address counts as IPv4), most specific block first. Empty when {@code address} is not an
   * address literal.
   */
  public List<Indicator> matchAddress(String address, Instant time) {
    IpPrefix parsed = IpPrefix.parseAddress(address.strip());
    if (parsed == null) {
      return List.of();
    }
    List<Indicator> out = new ArrayList<>(2);
    addresses.match(parsed, time, out);
    return out;
  }

  /**
   * The domain indicators for {@code name} or any domain above it: {@code evil.example} matches
   * {@code a.evil.example} but not {@code notevil.example}. Closest domain first.
   */
  public List<Indicator> matchDomain(String name, Instant time) {
    String n = DomainName.forLookup(name);
    List<Indicator> out = new ArrayList<>(2);
    int from = 0;
    while (true) {
      int dot = n.indexOf('.', from);
      if (dot < 0) {
        return out;
      }
      Indicator[] found = domains.get(from == 0 ? n : n.substring(from));
      if (found != null) {
        addActive(found, time, out);
      }
      from = dot + 1;
    }
  }

  /** The URL indicators equal to {@code url} once both are canonical (see {@link IndicatorType#URL}). */
  public List<Indicator> matchUrl(String url, Instant time) {
    UrlForm form = UrlForm.parse(url.strip());
    return form == null ? List.of() : lookup(urls, form.canonical(), time);
  }

  /** The SHA-256 indicators equal to {@code sha256} (64 hex digits, either case). */
  public List<Indicator> matchSha256(String sha256, Instant time) {
    String h = sha256.strip();
    if (h.length() != 64) {
      return List.of();
    }
    return lookup(hashes, h.toLowerCase(java.util.Locale.ROOT), time);
  }

  /** The port indicators for remote port {@code port}. */
  public List<Indicator> matchPort(int port, Instant time) {
    return lookup(ports, port, time);
  }

  static void addActive(Indicator[] found, Instant time, List<Indicator> out) {
    for (Indicator indicator : found) {
      if (indicator.activeAt(time)) {
        out.add(indicator);
      }
    }
  }

  private static <K> List<Indicator> lookup(Map<K, Indicator[]> map, K key, Instant time) {
    Indicator[] found = map.get(key);
    if (found == null) {
      return List.of();
    }
    List<Indicator> out = new ArrayList<>(found.length);
    addActive(found, time, out);
    return out;
  }

  private static <K> void put(Map<K, Indicator[]> map, K key, Indicator indicator) {
    map.merge(key, new Indicator[] {indicator}, (held, one) -> {
      Indicator[] more = Arrays.copyOf(held, held.length + 1);
      more[held.length] = indicator;
      return more;
    });
  }
}
