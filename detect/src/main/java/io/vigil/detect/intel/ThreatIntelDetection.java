package io.vigil.detect.intel;

import io.vigil.detect.Detection;
import io.vigil.detect.lifecycle.AlertEntities;
import io.vigil.model.Alert;
import io.vigil.model.event.ConnectionCreate;
import io.vigil.model.event.DeviceEvent;
import io.vigil.model.event.Direction;
import io.vigil.model.event.FileIntegrity;
import io.vigil.model.event.ProcessCreate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Raises alerts when an event names a value that threat intelligence knows:
 *
 * <ul>
 *   <li>{@code IoT_TiConnection}: a connection's remote address is covered by an IP indicator, or
 *       an outbound connection's remote port is a port indicator.
 *   <li>{@code IoT_MaliciousNameQueriesDetection}: a connection's DNS name, in its ExtraDetails
 *       {@value #REMOTE_HOST_NAME} or {@value #DNS_QUERY}, is or lies below a domain indicator.
 *   <li>{@code IoT_PossibleMalware}: a started process's executable hash (ExtraDetails {@value
 *       #SHA256}) or a created or modified file's hash is a SHA-256 indicator; or a URL on a
 *       process's command line (a download, as with curl or wget) is a URL indicator, or its host
 *       is a domain or IP indicator.
 * </ul>
 *
 * <p>One alert per payload item and alert name, led by the strongest match and carrying the
 * indicator's source, confidence and tags in its ExtendedProperties. Severity is Medium for all
 * three. Indicators are checked for expiry against the event's own time. Matches below the
 * minimum confidence are ignored.
 *
 * <p>Pure: the store comes from a supplier that is read once per event, so a reload is a swap of
 * the immutable {@link IndicatorStore} the supplier returns (an {@code AtomicReference::get}, say).
 */
public final class ThreatIntelDetection implements Detection {
  /** The rule id on every alert this detection raises. */
  public static final String RULE_ID = "builtin:threat-intel";
  /** ExtraDetails key of a connection: the DNS name the remote address was resolved from. */
  public static final String REMOTE_HOST_NAME = "RemoteHostName";
  /** ExtraDetails key of a connection (a DNS request): the name queried. */
  public static final String DNS_QUERY = "DnsQuery";
  /** ExtraDetails key of a started process: lower-case hex SHA-256 of its executable. */
  public static final String SHA256 = "Sha256";

  private static final List<String> NAME_KEYS = List.of(REMOTE_HOST_NAME, DNS_QUERY);

  private final Supplier<IndicatorStore> store;
  private final int minimumConfidence;

  /** Alerts on every match of the store that {@code store} returns at each event. */
  public ThreatIntelDetection(Supplier<IndicatorStore> store) {
    this(store, 0);
  }

  /**
   * Alerts on the matches of indicators whose confidence is at least {@code minimumConfidence}.
   *
   * @throws IllegalArgumentException when {@code minimumConfidence} is not from 0 to 100
   */
  public ThreatIntelDetection(Supplier<IndicatorStore> store, int minimumConfidence) {
    this.store = Objects.requireNonNull(store, "store is required");
    if (minimumConfidence < 0 || minimumConfidence > 100) {
      throw new IllegalArgumentException("minimumConfidence must be from 0 to 100, was " + minimumConfidence);
    }
    this.minimumConfidence = minimumConfidence;
  }

  @Override
  public void evaluate(DeviceEvent event, Consumer<Alert> alerts) {
    IndicatorStore indicators = store.get();
    if (indicators.size() == 0) {
      return;
    }
    Instant time = event.event().header().timestampUtc();
    switch (event.event()) {
      case ConnectionCreate created -> {
        for (int i = 0; i < created.payload().size(); i++) {
          connection(indicators, time, event, i, created.payload().get(i), alerts);
        }
      }
      case ProcessCreate created -> {
        for (int i = 0; i < created.payload().size(); i++) {
          process(indicators, time, event, i, created.payload().get(i), alerts);
        }
      }
      case FileIntegrity changes -> {
        for (int i = 0; i < changes.payload().size(); i++) {
          file(indicators, time, event, i, changes.payload().get(i), alerts);
        }
      }
      default -> {
        // no other event names an address, a name or a hash
      }
    }
  }

  // The subject and entities are built only for an alert: most events match nothing.
  private void connection(IndicatorStore s, Instant t, DeviceEvent event, int index, ConnectionCreate.Connection c, Consumer<Alert> alerts) {
    boolean out = c.direction() == Direction.OUT;
    List<IntelMatch> names = new ArrayList<>(0);
    String domainName = null;
    for (String key : NAME_KEYS) {
      String name = c.extraDetails().get(key);
      if (name != null && !name.isBlank()) {
        domainName = domainName == null ? name : domainName;
        add(names, key, name, s.matchDomain(name, t));
      }
    }

    List<IntelMatch> hits = new ArrayList<>(0);
    add(hits, "RemoteAddress", c.remoteAddress(), s.matchAddress(c.remoteAddress(), t));
    if (out) {
      int port = port(c.remotePort());
      if (port > 0) {
        add(hits, "RemotePort", c.remotePort(), s.matchPort(port, t));
      }
    }
    if (hits.isEmpty() && names.isEmpty()) {
      return;
    }
    String peer = c.remoteAddress() + ":" + c.remotePort();
    String subject = (out ? "Outbound connection from " : "Inbound connection to ") + c.executable() + " (pid " + c.processId() + ")"
        + (out ? " to " : " from ") + peer + "/" + c.protocol();
    Map<String, String> entities = new LinkedHashMap<>();
    entities.put(AlertEntities.REMOTE_IP, c.remoteAddress());
    entities.put(AlertEntities.REMOTE_PORT, c.remotePort());
    entities.put("Direction", c.direction().name());
    entities.put(AlertEntities.PROCESS, c.executable());
    entities.put(AlertEntities.PROCESS_ID, Long.toString(c.processId()));
    if (domainName != null) {
      entities.putIfAbsent(AlertEntities.DOMAIN_NAME, domainName);
    }
    if (!hits.isEmpty()) {
      alerts.accept(IntelAlert.CONNECTION.build(event, index, subject, hits, entities));
    }
    if (!names.isEmpty()) {
      alerts.accept(IntelAlert.NAME_QUERY.build(event, index, subject, names, entities));
    }
  }

  private void process(IndicatorStore s, Instant t, DeviceEvent event, int index, ProcessCreate.Process p, Consumer<Alert> alerts) {
    List<IntelMatch> hits = new ArrayList<>(0);
    String hash = p.extraDetails().get(SHA256);
    if (hash != null) {
      add(hits, "Executable SHA-256", hash, s.matchSha256(hash, t));
    }
    String urlWithHits = null;
    for (UrlForm url : CommandLineUrls.find(p.commandLine())) {
      int before = hits.size();
      add(hits, "CommandLine URL", url.canonical(), s.matchUrl(url.canonical(), t));
      add(hits, "CommandLine URL host", url.host(), s.matchAddress(url.host(), t));
      add(hits, "CommandLine URL host", url.host(), s.matchDomain(url.host(), t));
      if (hits.size() > before && urlWithHits == null) {
        urlWithHits = url.canonical();
      }
    }
    if (hits.isEmpty()) {
      return;
    }
    Map<String, String> entities = new LinkedHashMap<>();
    entities.put(AlertEntities.PROCESS, p.executable());
    entities.put(AlertEntities.PROCESS_ID, Long.toString(p.processId()));
    entities.put(AlertEntities.COMMAND_LINE, p.commandLine());
    entities.put(AlertEntities.USER, p.userName() != null && !p.userName().isBlank() ? p.userName() : p.userId());
    entities.put("UserId", p.userId());
    if (hash != null) {
      entities.put(AlertEntities.FILE_HASH, hash);
    }
    if (urlWithHits != null) {
      entities.putIfAbsent(AlertEntities.URL, urlWithHits);
    }
    String subject = "Process " + p.executable() + " (pid " + p.processId() + ", command line: " + p.commandLine() + ")";
    alerts.accept(IntelAlert.POSSIBLE_MALWARE.build(event, index, subject, hits, entities));
  }

  private void file(IndicatorStore s, Instant t, DeviceEvent event, int index, FileIntegrity.Change change, Consumer<Alert> alerts) {
    if (change.sha256() == null || change.change() == FileIntegrity.ChangeType.DELETED) {
      return;
    }
    List<IntelMatch> hits = new ArrayList<>();
    add(hits, "File SHA-256", change.sha256(), s.matchSha256(change.sha256(), t));
    if (!hits.isEmpty()) {
      Map<String, String> entities = new LinkedHashMap<>();
      entities.put(AlertEntities.FILE, change.path());
      entities.put(AlertEntities.FILE_HASH, change.sha256());
      String subject = "File " + change.path() + " was " + change.change().name().toLowerCase(java.util.Locale.ROOT);
      alerts.accept(IntelAlert.POSSIBLE_MALWARE.build(event, index, subject, hits, entities));
    }
  }

  /** Adds the matches of {@code found} at or above the minimum confidence, each indicator once. */
  private void add(List<IntelMatch> hits, String field, String observed, List<Indicator> found) {
    for (Indicator indicator : found) {
      if (indicator.confidence() >= minimumConfidence && hits.stream().noneMatch(h -> h.indicator() == indicator)) {
        hits.add(new IntelMatch(indicator, field, observed));
      }
    }
  }

  /** The port number, or -1 when the agent could not tell it (then there is nothing to match). */
  private static int port(String text) {
    if (text.isEmpty() || text.length() > 5) {
      return -1;
    }
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return -1;
      }
    }
    int port = Integer.parseInt(text);
    return port <= 65535 ? port : -1;
  }
}
