package io.vigil.agent;

import io.vigil.agent.transport.MqttVersion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent's command-line options. Parsed by hand: the agent carries no CLI library.
 *
 * @param connectionString null when not given (then $VIGIL_CONNECTION_STRING is used)
 * @param collectors null for all
 * @param mqttVersion null when not given (then the config file's MqttVersion, else 5)
 */
record AgentOptions(
    String connectionString, Path config, Path root, boolean once, String output, List<String> collectors, Path sdkSocket,
    Path spoolDir, Path caFile, String proxy, Path certFile, Path keyFile, MqttVersion mqttVersion, boolean help) {
  static final String USAGE = """
      Usage: vigil agent [--connection-string S | --config FILE] [--root DIR] [--collectors a,b]
             vigil agent --once [--root DIR] [--collectors a,b] [--output FILE|-]

      Runs the Vigil micro agent: collects security events on this host and sends them to the hub.

        --connection-string S  HostName=H;DeviceId=D;SharedAccessKey=K[;Port=N][;Tls=false]
                               (or set VIGIL_CONNECTION_STRING, which keeps the key out of the process list)
        --ca-file FILE         PEM certificate(s) to trust the hub by, e.g. the server's DATA/ca/ca.crt
                               (default: the JDK's trust store)
        --cert-file FILE       the device's X.509 certificate (PEM), for a connection string with x509=true
        --key-file FILE        the device's private key (PEM, unencrypted PKCS#8; keep it mode 0600)
        --proxy URL            reach the hub through an HTTP CONNECT proxy: http://[user:password@]host:port
                               (or Proxy in the --config file)
        --mqtt-version V       the MQTT version to speak to the hub: 5 (default) or 3.1.1 (or MqttVersion
                               in the --config file)
        --config FILE          agent configuration file: a JSON object of the keys in the README's 'Agent
                               configuration' (ConnectionString, CaFile, Process_Mode, ...); the
                               twin's desired properties override it, key by key
        --root DIR             file system root the collectors read through (default /); point it at a
                               mounted firmware image to assess the image offline
        --collectors a,b       run only these collectors (default: all): %s
        --sdk-socket PATH      where device applications send their own events with the Vigil SDK
                               (default /run/vigil/agent.sock; mode 0660)
        --spool-dir DIR        where events wait until the hub acknowledges them (default
                               /var/lib/vigil/agent/spool; 10 MB at most, oldest low-priority dropped first)
        --once                 collect one round, print it as security messages (one JSON per line), exit
        --output FILE|-        where --once writes (default -, standard output)
        -h, --help             this help
      """;

  /**
   * Parses {@code args}.
   *
   * @throws IllegalArgumentException naming the offending argument
   */
  static AgentOptions parse(String... args) {
    String connection = null;
    Path config = null;
    Path root = Path.of("/");
    boolean once = false;
    String output = "-";
    List<String> collectors = null;
    Path sdkSocket = Path.of("/run/vigil/agent.sock");
    Path spoolDir = Path.of("/var/lib/vigil/agent/spool");
    Path caFile = null;
    String proxy = null;
    Path certFile = null;
    Path keyFile = null;
    MqttVersion mqttVersion = null;
    boolean help = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String name = a.contains("=") && a.startsWith("--") ? a.substring(0, a.indexOf('=')) : a;
      String inline = a.contains("=") && a.startsWith("--") ? a.substring(a.indexOf('=') + 1) : null;
      switch (name) {
        case "--once" -> once = true;
        case "-h", "--help" -> help = true;
        case "--connection-string", "--config", "--root", "--output", "--collectors", "--sdk-socket", "--spool-dir", "--ca-file",
            "--proxy", "--cert-file", "--key-file", "--mqtt-version" -> {
          String value = inline;
          if (value == null) {
            if (i + 1 >= args.length) {
              throw new IllegalArgumentException("option " + name + " needs a value");
            }
            value = args[++i];
          }
          switch (name) {
            case "--connection-string" -> connection = value;
            case "--config" -> config = Path.of(value);
            case "--root" -> root = Path.of(value);
            case "--output" -> output = value;
            case "--sdk-socket" -> sdkSocket = Path.of(value);
            case "--spool-dir" -> spoolDir = Path.of(value);
            case "--ca-file" -> caFile = Path.of(value);
            case "--proxy" -> proxy = value;
            case "--cert-file" -> certFile = Path.of(value);
            case "--key-file" -> keyFile = Path.of(value);
            case "--mqtt-version" -> mqttVersion = MqttVersion.parse(value, "--mqtt-version");
            default -> collectors = splitList(value);
          }
        }
        default -> throw new IllegalArgumentException("unknown argument '" + a + "'; see vigil agent --help");
      }
    }
    return new AgentOptions(connection, config, root, once, output, collectors, sdkSocket, spoolDir, caFile, proxy, certFile, keyFile, mqttVersion,
        help);
  }

  private static List<String> splitList(String value) {
    List<String> out = new ArrayList<>();
    for (String s : value.split(",")) {
      if (!s.isBlank()) {
        out.add(s.trim());
      }
    }
    return List.copyOf(out);
  }
}
