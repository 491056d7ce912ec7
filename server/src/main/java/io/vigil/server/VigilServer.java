package io.vigil.server;

import io.vigil.detect.Detection;
import io.vigil.detect.DeviceSilentDetection;
import io.vigil.detect.custom.CustomAlertDetection;
import io.vigil.detect.custom.LiveCustomAlerts;
import io.vigil.detect.intel.IndicatorStore;
import io.vigil.detect.lifecycle.AlertLifecycle;
import io.vigil.detect.recommend.Recommender;
import io.vigil.detect.intel.ThreatIntelDetection;
import io.vigil.detect.settings.LiveRuleSettings;
import io.vigil.hub.broker.BrokerConfig;
import io.vigil.hub.broker.MqttBroker;
import io.vigil.hub.ca.CaRegistry;
import io.vigil.hub.ca.CertificateAuthority;
import io.vigil.hub.https.HttpsConfig;
import io.vigil.hub.https.HttpsIngest;
import io.vigil.hub.ingest.CloudToDeviceCounts;
import io.vigil.hub.ingest.TelemetryCounts;
import io.vigil.hub.ingest.IngestSink;
import io.vigil.hub.ingest.TelemetryGate;
import io.vigil.hub.registry.DeviceRegistry;
import io.vigil.hub.registry.RegisteredDevice;
import io.vigil.hub.settings.DataCollection;
import io.vigil.hub.twin.TwinStore;
import io.vigil.model.Alert;
import io.vigil.model.AuthType;
import io.vigil.model.Device;
import io.vigil.model.event.SecurityMessage;
import io.vigil.server.alerts.AlertRecorder;
import io.vigil.server.anomaly.AnomalyProfiles;
import io.vigil.server.alerts.AlertTriage;
import io.vigil.model.SecurityGroup;
import io.vigil.server.http.ApiServer;
import io.vigil.server.http.RuleRoutes;
import io.vigil.server.pipeline.Pipeline;
import io.vigil.server.retention.RawEventRetention;
import io.vigil.store.DuckDbWorkspace;
import io.vigil.store.ResidentWorkspaces;
import io.vigil.store.Workspace;
import io.vigil.wire.SecurityMessageCodec;
import io.vigil.wire.auth.ConnectionString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole backend in one JVM: registry, broker, device twins, pipeline, detections, workspace and HTTP API.
 * This is the composition root: every part is constructed here, by hand.
 */
public final class VigilServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(VigilServer.class);
  private static final int QUEUE_CAPACITY = 10_000;
  private static final int MAX_SILENT_DEVICES = 200_000;

  private final ServerConfig config;
  private final DeviceRegistry registry;
  private final List<AutoCloseable> parts;
  private final ApiServer api;
  private final HttpsIngest https;

  private VigilServer(ServerConfig config, DeviceRegistry registry, List<AutoCloseable> parts, ApiServer api, HttpsIngest https) {
    this.config = config;
    this.registry = registry;
    this.parts = parts;
    this.api = api;
    this.https = https;
  }

  /**
   * Starts everything and returns once devices can connect and the API answers.
   *
   * @param alertListener told of each new alert once it is stored (not of later occurrences it absorbs); must not block
   * @throws IllegalStateException if a part cannot start, saying which and why
   */
  public static VigilServer start(ServerConfig config, Clock clock, Consumer<Alert> alertListener) {
    Path dir = config.dataDir().toAbsolutePath();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create data dir " + dir + ": " + e.getMessage(), e);
    }
    SecureRandom random = new SecureRandom();
    List<AutoCloseable> parts = new ArrayList<>();
    try {
      DeviceRegistry registry = DeviceRegistry.open(dir.resolve("devices.json"), clock, random);
      Workspace workspace = DuckDbWorkspace.open(dir.resolve("workspace.duckdb"));
      parts.add(workspace);
      IndicatorStore indicators = ThreatIntel.load(config.intelFeeds());
      LiveRuleSettings ruleSettings = LiveRuleSettings.open(dir.resolve("rules-settings.json"));
      UserRules.Loaded rules = UserRules.load(config.ruleDirs(), ruleSettings, config.allowedLateness());
      parts.add(UserRules.watch(ruleSettings));
      LiveCustomAlerts customAlerts = LiveCustomAlerts.open(dir.resolve("custom-alerts.json"));
      parts.add(UserRules.watch("custom alerts", customAlerts::reloadIfChanged));
      // The hub's counts of other telemetry, for the custom message rules; set once the gate exists, after the pipeline.
      java.util.concurrent.atomic.AtomicReference<TelemetryCounts> telemetry = new java.util.concurrent.atomic.AtomicReference<>(id -> Map.of());
      // The broker's cloud-to-device counts, likewise set once the broker exists.
      java.util.concurrent.atomic.AtomicReference<CloudToDeviceCounts> c2dCounts =
          new java.util.concurrent.atomic.AtomicReference<>(CloudToDeviceCounts.none());
      int shards = Pipeline.defaultShards();
      AnomalyProfiles anomaly = AnomalyProfiles.open(dir, shards, ruleSettings::current);
      parts.add(anomaly); // closed after the pipeline: saves the profiles once no shard touches them
      // Each pipeline shard gets its own detection instances: their per-device state stays on one thread.
      Supplier<List<Detection>> detections =
          () -> shardDetections(rules, indicators, ruleSettings, customAlerts, telemetry::get, c2dCounts::get, config.allowedLateness(), anomaly);
      // Settings changes are audited through the pipeline, which applies the settings: tie the knot.
      java.util.concurrent.atomic.AtomicReference<Pipeline> audit = new java.util.concurrent.atomic.AtomicReference<>();
      DataCollection settings = DataCollection.open(dir, id -> registry.find(id).map(d -> d.device().securityGroup()),
          (id, op, at) -> audit.get().record(id, op, at), clock, random);
      // Residency: each security group's rows go to the workspace its settings name.
      ResidentWorkspaces workspaces = new ResidentWorkspaces(dir, workspace, g -> settings.forGroup(g).workspace(), settings::groupOf);
      parts.add(workspaces);
      AlertLifecycle lifecycle = new AlertLifecycle(config.alertWindow());
      AlertRecorder alerts = new AlertRecorder(workspaces, lifecycle, alertListener);
      LOG.info("alert lifecycle: suppression window {}, {} open alerts restored", config.alertWindow(), alerts.restore(clock.instant()));
      TwinStore twinStore = TwinStore.open(dir.resolve("twins"), id -> registry.find(id).isPresent());
      Pipeline pipeline = new Pipeline(workspaces, new SecurityMessageCodec(), detections,
          new Recommender(workspaces::activeRecommendations, ServerVersion.agentVersion(), id -> TwinViews.of(twinStore, id)), shards, QUEUE_CAPACITY,
          alerts, clock, id -> registry.find(id).map(d -> d.device().securityGroup()).orElse(SecurityGroup.DEFAULT), settings);
      audit.set(pipeline);
      parts.add(pipeline);
      RegistryRecommendations registryChecks = new RegistryRecommendations(registry, workspaces, clock, telemetry::get,
          () -> RegistryRecommendations.filters(settings));
      parts.add(registryChecks.start());
      // What the hub accepts goes to the pipeline; the registry check notes which devices have an agent.
      IngestSink ingest = new IngestSink() {
        @Override
        public CompletableFuture<Void> accept(Device device, SecurityMessage message, Instant received) {
          return accept(device, message, received, "");
        }

        @Override
        public CompletableFuture<Void> accept(Device device, SecurityMessage message, Instant received, String protocol) {
          return accept(device, message, io.vigil.wire.ItemText.NONE, received, protocol);
        }

        @Override
        public CompletableFuture<Void> accept(Device device, SecurityMessage message, io.vigil.wire.ItemText items, Instant received,
            String protocol) {
          registryChecks.sawSecurityMessage(device.deviceId());
          return pipeline.accept(device, message, items, received, protocol);
        }
      };
      parts.add(new RawEventRetention(workspaces, settings, clock).start());
      CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir.resolve("ca"), clock, random);
      CaRegistry cas = CaRegistry.open(dir.resolve("cas.json"), ca.certificate(), clock, random, pipeline);
      CertificateAuthority.ServerKeystore keystore = serverKeystore(config, ca);
      // One gate for MQTT and HTTPS: a device's rate limit holds whichever protocol it uses.
      TelemetryGate gate = TelemetryGate.create(config.maxMessageBytes(), config.ingest().rateLimit(), pipeline, clock);
      telemetry.set(gate.counts());
      BrokerConfig.TlsListener mqttTls =
          config.mqttTlsPort() == 0 ? null : new BrokerConfig.TlsListener(config.tlsBindAddress(), config.mqttTlsPort(), keystore);
      MqttBroker broker = MqttBroker.start(
          new BrokerConfig(dir.resolve("broker"), config.hostName(), config.mqttPort(), config.maxMessageBytes(), mqttTls),
          registry, cas, gate, ingest, pipeline, twinStore, clock, settings::connectionRefusal);
      parts.add(broker);
      c2dCounts.set(broker.cloudToDevice().counts());
      HttpsIngest https = null;
      if (config.ingest().httpsPort() != 0) {
        https = HttpsIngest.start(new HttpsConfig(config.tlsBindAddress(), config.ingest().httpsPort(), keystore),
            config.hostName(), registry, gate, ingest, pipeline, clock, settings::connectionRefusal);
        parts.add(https);
      }
      AdminToken token = AdminToken.loadOrCreate(dir, random);
      ApiServer api = ApiServer.start("127.0.0.1", config.httpPort(), token::matches, ApiServer.Parts.of(registry, workspaces,
          d -> connectionString(d, config.hostName(), config.mqttPort(), config.mqttTlsPort()), broker::disconnect, broker.twins(), cas, ca,
          new AlertTriage(workspaces, lifecycle, clock), new RuleRoutes.Rules(rules.rules(), ruleSettings))
          .withSettings(settings).withTelemetry(gate.counts()).withCustomAlerts(customAlerts).withCloudToDevice(broker.cloudToDevice()));
      parts.add(api);
      new ServerInfo(config.hostName(), api.port(), config.mqttPort(), ProcessHandle.current().pid()).write(dir);
      LOG.info("Vigil server ready: MQTT 127.0.0.1:{}, HTTP http://127.0.0.1:{}, {}device rate limit {}, data {}", config.mqttPort(), api.port(),
          https == null ? "" : "HTTPS devices https://" + config.tlsBindAddress() + ":" + https.port() + ", ", config.ingest().rateLimit(), dir);
      return new VigilServer(config, registry, parts, api, https);
    } catch (RuntimeException e) {
      closeAll(parts);
      throw e;
    }
  }

  /**
   * The TLS listeners' (MQTT and HTTPS) server certificate from Vigil's CA (created at first start in
   * {@code DATA/ca}) for the hub's host name, the configured TLS names, localhost and the loopback addresses; null when both
   * TLS ports are 0.
   */
  private static CertificateAuthority.ServerKeystore serverKeystore(ServerConfig config, CertificateAuthority ca) {
    if (config.mqttTlsPort() == 0 && config.ingest().httpsPort() == 0) {
      return null;
    }
    List<String> names = new ArrayList<>(List.of(config.hostName()));
    List<String> more = new ArrayList<>(config.tlsNames());
    more.addAll(List.of("localhost", "127.0.0.1", "::1"));
    for (String n : more) {
      if (!names.contains(n)) {
        names.add(n);
      }
    }
    return ca.issueServerKeystore(names);
  }

  /**
   * The detections of one pipeline shard, new instances (their per-device state stays on the shard's
   * thread): the Sigma rules (built-in pack and the user's), threat intel, IoT_DeviceSilent, custom
   * alerts and the anomaly models ({@link AnomalyProfiles#nextShard()}: call once per shard, in order).
   */
  static List<Detection> shardDetections(UserRules.Loaded rules, IndicatorStore indicators, LiveRuleSettings ruleSettings,
      LiveCustomAlerts customAlerts, Supplier<TelemetryCounts> telemetry, java.time.Duration lateness, AnomalyProfiles anomaly) {
    return shardDetections(rules, indicators, ruleSettings, customAlerts, telemetry, CloudToDeviceCounts::none, lateness, anomaly);
  }

  /** As above, with the broker's cloud-to-device counts for the C2D custom alerts. */
  static List<Detection> shardDetections(UserRules.Loaded rules, IndicatorStore indicators, LiveRuleSettings ruleSettings,
      LiveCustomAlerts customAlerts, Supplier<TelemetryCounts> telemetry, Supplier<CloudToDeviceCounts> c2d, java.time.Duration lateness,
      AnomalyProfiles anomaly) {
    return List.of(rules.detection().get(), new ThreatIntelDetection(() -> indicators),
        new DeviceSilentDetection(ruleSettings::current, MAX_SILENT_DEVICES),
        new CustomAlertDetection(customAlerts, new HubMessageCounts(telemetry, c2d), lateness, MAX_SILENT_DEVICES),
        anomaly.nextShard());
  }

  /** A SAS device's connection string for this server's plain loopback MQTT listener. */
  public static String connectionString(RegisteredDevice device, String hostName, int mqttPort) {
    return new ConnectionString(hostName, device.deviceId(), device.primaryKey(), mqttPort, false).toString();
  }

  /**
   * A device's connection string: for a SAS device the plain loopback listener, for an X.509 device
   * ({@code x509=true}) the TLS listener, as certificates exist only there.
   *
   * @param mqttTlsPort the TLS port; 0 (no TLS listener) gives the default port 8883
   */
  public static String connectionString(RegisteredDevice device, String hostName, int mqttPort, int mqttTlsPort) {
    if (device.device().authType() == AuthType.SAS) {
      return connectionString(device, hostName, mqttPort);
    }
    return ConnectionString.x509(hostName, device.deviceId(), mqttTlsPort == 0 ? ConnectionString.DEFAULT_PORT : mqttTlsPort).toString();
  }

  public DeviceRegistry registry() {
    return registry;
  }

  public int httpPort() {
    return api.port();
  }

  /** The HTTPS device listener's port; 0 when there is none. */
  public int httpsPort() {
    return https == null ? 0 : https.port();
  }

  public ServerConfig config() {
    return config;
  }

  /** Stops accepting, drains the pipeline, and releases the workspace. */
  @Override
  public void close() {
    ServerInfo.remove(config.dataDir().toAbsolutePath());
    closeAll(parts);
  }

  private static void closeAll(List<AutoCloseable> parts) {
    for (int i = parts.size() - 1; i >= 0; i--) {
      try {
        parts.get(i).close();
      } catch (Exception e) {
        LOG.warn("stopping {} failed: {}", parts.get(i).getClass().getSimpleName(), e.toString());
      }
    }
  }
}
