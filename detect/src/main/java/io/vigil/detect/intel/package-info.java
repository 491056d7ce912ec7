/**
 * Threat intelligence: indicator feeds, an indicator store with constant-cost lookups, and the
 * detection that raises {@code IoT_TiConnection}, {@code IoT_MaliciousNameQueriesDetection} and
 * {@code IoT_PossibleMalware}.
 *
 * <h2>Using it</h2>
 *
 * <pre>{@code
 * FeedResult defaults = Feeds.defaultFeed();
 * FeedResult mine = Feeds.read(Path.of("feeds/blocklist.csv"));   // or a STIX bundle / MISP event .json
 * mine.problems().forEach(p -> log.warning(p.toString()));        // "blocklist.csv:12: 'x' is not ..."
 * AtomicReference<IndicatorStore> current = new AtomicReference<>(IndicatorStore.ofFeeds(List.of(defaults, mine)));
 * Detection intel = new ThreatIntelDetection(current::get);
 * // on reload: current.set(IndicatorStore.ofFeeds(...));  the detection sees the new store at its next event
 * }</pre>
 *
 * <h2>Indicators</h2>
 *
 * An {@link io.vigil.detect.intel.Indicator} has a type, a canonical value, a source, a confidence
 * (0 to 100), an expiry and tags. Types ({@link io.vigil.detect.intel.IndicatorType}):
 *
 * <ul>
 *   <li>{@code ip}: an IPv4 or IPv6 address or CIDR block. A block must not have bits set past its
 *       prefix length ({@code 192.0.2.5/24} is refused and names {@code 192.0.2.0/24}). An IPv4
 *       indicator also matches the IPv4-mapped IPv6 form ({@code ::ffff:192.0.2.5}).
 *   <li>{@code domain}: matches the name and every name below it: {@code evil.example} matches
 *       {@code a.evil.example} but not {@code notevil.example}. A leading {@code *.} is accepted
 *       and means the same. Internationalised names are held as punycode. At least two labels.
 *   <li>{@code url}: matched exactly once canonical: scheme and host lower-cased, user info,
 *       fragment and default port dropped, empty path as {@code /}.
 *   <li>{@code sha256}: 64 hex digits, either case.
 *   <li>{@code port}: a remote port of outbound connections (1 to 65535).
 * </ul>
 *
 * <h2>Feed formats</h2>
 *
 * <p><b>CSV.</b> The first line that is neither blank nor a {@code #} comment must be the header
 * {@code type,value,source,confidence,expires,tags}. Then one indicator per line: {@code type} as
 * above; {@code source} (empty: the feed's name); {@code confidence} 0 to 100 (empty: 50); {@code
 * expires} an ISO-8601 instant or date, a date meaning its start in UTC (empty: never); {@code tags}
 * separated by {@code ;}. Trailing empty fields may be omitted; fields may be double-quoted. For
 * example:
 *
 * <pre>
 * type,value,source,confidence,expires,tags
 * ip,203.0.113.0/24,Example CERT,80,2027-01-31,botnet;c2
 * domain,evil.example,,,,phishing
 * sha256,275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f,,100,,eicar
 * </pre>
 *
 * <p><b>STIX 2.1 bundles.</b> Indicator objects with {@code pattern_type} {@code stix}. Patterns
 * over {@code ipv4-addr:value}, {@code ipv6-addr:value}, {@code domain-name:value}, {@code
 * url:value} and {@code file:hashes.'SHA-256'} with {@code =}, {@code IN} or (addresses) {@code
 * ISSUBSET}, joined by {@code OR}. Source: the {@code created_by_ref} identity's name; confidence:
 * {@code confidence}; expiry: {@code valid_until}; tags: {@code indicator_types} and {@code labels}.
 * Patterns that need several observations together ({@code AND}, {@code FOLLOWEDBY}, qualifiers)
 * are reported, not approximated.
 *
 * <p><b>MISP events</b> (core JSON format). Attributes with {@code to_ids} set, of the types
 * ip-dst, ip-src, ip-dst|port, ip-src|port, domain, hostname, hostname|port, domain|ip, url, sha256,
 * filename|sha256 and port. Source: the creating organisation; confidence: the {@code
 * misp:confidence-level} tag; tags: the event's and the attribute's; no expiry.
 *
 * <p>In every format a bad entry is reported with its line ({@code feed.csv:12: ...}) or object id
 * ({@code bundle.json: indicator--...: ...}, {@code event.json: attribute <uuid>: ...}) and the
 * others still load.
 *
 * <h2>What is matched (see {@link io.vigil.detect.intel.ThreatIntelDetection})</h2>
 *
 * <ul>
 *   <li>ConnectionCreate: {@code RemoteAddress} against ip indicators (either direction), {@code
 *       RemotePort} of outbound connections against port indicators, and the DNS name in
 *       ExtraDetails {@code RemoteHostName} or {@code DnsQuery} (when an agent supplies one)
 *       against domain indicators.
 *   <li>ProcessCreate: ExtraDetails {@code Sha256} (the executable's hash, when an agent supplies
 *       it) against sha256 indicators; URLs on the command line against url indicators, and their
 *       hosts against domain and ip indicators.
 *   <li>FileIntegrity: the {@code sha256} of created and modified files against sha256
 *       indicators.
 * </ul>
 *
 * <h2>Cost</h2>
 *
 * A lookup's cost does not grow with the number of indicators: an address probes one hash table
 * per distinct prefix length present (at most 129), a domain one hash lookup per label, a URL,
 * hash or port one hash lookup. {@code IndicatorLookupBenchmark} in the bench module measures
 * it with a thousand and with a million indicators.
 */
package io.vigil.detect.intel;
