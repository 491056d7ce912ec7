package io.vigil.cli;

import io.vigil.hub.ingest.RateLimit;
import io.vigil.server.IngestConfig;
import io.vigil.server.ServerConfig;
import io.vigil.server.VigilServer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "server", mixinStandardHelpOptions = true,
    description = "Runs the whole backend (hub, MQTT broker, detections, workspace, API) in this process until stopped.")
final class ServerCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger("vigil.alerts");

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (default: $VIGIL_DATA_DIR or ~/.local/share/vigil).")
  Path dataDir;

  @Option(names = "--http-port", defaultValue = "8080", description = "API port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int httpPort;

  @Option(names = "--mqtt-port", defaultValue = "1883", description = "Plain MQTT port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
  int mqttPort;

  @Option(names = "--mqtt-tls-port", defaultValue = "8883",
      description = "MQTT-over-TLS port (default: ${DEFAULT-VALUE}; 0 turns TLS off). The certificate comes from Vigil's CA in DATA/ca; devices trust DATA/ca/ca.crt.")
  int mqttTlsPort;

  @Option(names = "--https-port", defaultValue = "8443",
      description = "HTTPS device ingestion port, IoT Hub's POST /devices/{id}/messages/events with a SAS token (default: ${DEFAULT-VALUE}; 0 turns it off)."
          + " TLS on --bind with the certificate of Vigil's CA.")
  int httpsPort;

  @Option(names = "--max-message-bytes", defaultValue = "262144",
      description = "Largest device message accepted over MQTT and HTTPS, in bytes as sent (default: ${DEFAULT-VALUE}, IoT Hub's 256 KB).")
  int maxMessageBytes;

  @Option(names = "--device-rate", paramLabel = "N", defaultValue = "50",
      description = "Telemetry messages per second each device may send, MQTT and HTTPS together (default: ${DEFAULT-VALUE}; 0 for no limit).")
  double deviceRate;

  @Option(names = "--device-burst", paramLabel = "N", defaultValue = "500",
      description = "Messages a device may send at once above --device-rate after a quiet spell (default: ${DEFAULT-VALUE}).")
  int deviceBurst;

  @Option(names = "--bind", defaultValue = "0.0.0.0", description = "Address the TLS listeners (MQTT and HTTPS) bind (default: ${DEFAULT-VALUE}, every interface). Plain MQTT and HTTP stay on 127.0.0.1.")
  String bind;

  @Option(names = "--host-name", defaultValue = "localhost",
      description = "Hub host name used in device connection strings and SAS tokens (default: ${DEFAULT-VALUE}).")
  String hostName;

  @Option(names = "--tls-name", paramLabel = "NAME",
      description = "Another DNS name or IP address for the TLS listeners' certificate (issued by Vigil's CA), beside --host-name,"
          + " localhost and the loopback addresses. Repeatable.")
  java.util.List<String> tlsNames = new java.util.ArrayList<>();

  @Option(names = "--intel", paramLabel = "FILE",
      description = "A threat-intelligence feed to match against, beside the bundled default feed: CSV (type,value,source,confidence,expires,tags),"
          + " a STIX 2.1 bundle or MISP event JSON. Repeatable. Bad entries are logged with their line or id; the rest load.")
  java.util.List<java.nio.file.Path> intelFeeds = new java.util.ArrayList<>();

  @Option(names = "--rules", paramLabel = "DIR",
      description = "Sigma rules to evaluate (a file, or a directory searched for *.yml and *.yaml). Repeatable."
          + " A rule that does not compile is logged with its file and line; the others load. Check them first with: vigil rules check DIR")
  java.util.List<java.nio.file.Path> ruleDirs = new java.util.ArrayList<>();

  @Option(names = "--alert-window", paramLabel = "DURATION", defaultValue = "1h",
      description = "Alert suppression window (default: ${DEFAULT-VALUE}): within it, the same rule on the same device with the"
          + " same grouping entities adds to the open alert's Count instead of opening another. Event time.")
  java.time.Duration alertWindow;

  @Option(names = "--allowed-lateness", paramLabel = "DURATION", defaultValue = "1m",
      description = "How late (by event time) a device's event may arrive and still count in correlation windows (built-in and"
          + " --rules Sigma correlations, custom alert windows); a window is decided this long after its end (default: ${DEFAULT-VALUE};"
          + " 0 to 1d, for example 90s, 5m or PT2M).")
  java.time.Duration allowedLateness;

  @Option(names = "--role", defaultValue = "all", description = "all (default). Scale-out roles come later.")
  String role;

  @Override
  public Integer call() throws Exception {
    if (!role.equals("all")) {
      throw new IllegalArgumentException("--role '" + role + "' is not supported yet; only 'all' is");
    }
    ServerConfig config = new ServerConfig(DataDir.resolve(dataDir), hostName, httpPort, mqttPort, maxMessageBytes,
        mqttTlsPort, bind, intelFeeds, ruleDirs, alertWindow, new IngestConfig(httpsPort, new RateLimit(deviceRate, deviceBurst)))
        .withTlsNames(tlsNames).withAllowedLateness(allowedLateness);
    VigilServer server = VigilServer.start(config, Clock.systemUTC(),
        a -> LOG.warn("ALERT {} {} device={} {}", a.alertName(), a.severity().wireName(), a.deviceId(), a.description()));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "vigil-shutdown"));
    stopped.await();
    return 0;
  }
}
