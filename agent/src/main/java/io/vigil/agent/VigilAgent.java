package io.vigil.agent;

import io.vigil.agent.collect.CollectorContext;
import io.vigil.agent.config.AgentConfig;
import io.vigil.agent.config.ConfigKeys;
import io.vigil.agent.config.ConfigResolver;
import io.vigil.agent.config.LocalConfigFile;
import io.vigil.agent.config.RemoteConfig;
import io.vigil.agent.spool.DiskSpool;
import io.vigil.agent.transport.DeviceCertificate;
import io.vigil.agent.transport.HttpProxy;
import io.vigil.agent.transport.MqttTransport;
import io.vigil.agent.transport.MqttVersion;
import io.vigil.agent.transport.TransportException;
import io.vigil.wire.auth.ConnectionString;
import io.vigil.wire.auth.DeviceTopics;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The agent embedded in a Java IoT application: the same collectors, spool, transport and twin
 * configuration as {@code vigil agent}, on one daemon thread of the application's JVM.
 *
 * <pre>{@code
 * try (VigilAgent agent = VigilAgent.builder()
 *     .connectionString(System.getenv("VIGIL_CONNECTION_STRING"))
 *     .spoolDir(Path.of("/var/lib/myapp/vigil-spool"))
 *     .collectors("process", "network", "login")
 *     .start()) {
 *   runTheApplication();
 * }
 * }</pre>
 */
public final class VigilAgent implements AutoCloseable {
  private static final ConfigKeys KEYS = ConfigKeys.forCollectors(CollectorRegistry.NAMES);

  private final Agent agent;
  private final AgentLog log;
  private volatile boolean running = true;
  private volatile Exception failure;
  private Thread thread;

  private VigilAgent(Agent agent, AgentLog log) {
    this.agent = agent;
    this.log = log;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** How to build an agent. Only the connection string is required (or a config file holding one). */
  public static final class Builder {
    private String connectionString;
    private Path config;
    private Path caFile;
    private String proxy;
    private MqttVersion mqttVersion;
    private Path certFile;
    private Path keyFile;
    private Path root = Path.of("/");
    private Path spoolDir = Path.of("/var/lib/vigil/agent/spool");
    private Path sdkSocket;
    private List<String> collectors;
    private Clock clock = Clock.systemUTC();
    private PrintStream log = System.err;

    private Builder() {}

    /** {@code HostName=H;DeviceId=D;SharedAccessKey=K[;Port=N][;Tls=false]}; comes before the config file's. */
    public Builder connectionString(String value) {
      this.connectionString = value;
      return this;
    }

    /** A local configuration file (see the README, Agent configuration); the twin overrides it. */
    public Builder config(Path file) {
      this.config = file;
      return this;
    }

    /** PEM certificates to trust the hub by; default: the config file's CaFile, else the JDK's trust store. */
    public Builder caFile(Path file) {
      this.caFile = file;
      return this;
    }

    /** An HTTP CONNECT proxy, {@code http://[user:password@]host:port}; default: the config file's Proxy, else none. */
    public Builder proxy(String url) {
      this.proxy = url;
      return this;
    }

    /** The MQTT version to speak to the hub; default: the config file's MqttVersion, else 5. */
    public Builder mqttVersion(MqttVersion version) {
      this.mqttVersion = version;
      return this;
    }

    /**
     * The device's X.509 certificate (PEM, the device certificate first) and private key (PEM,
     * unencrypted PKCS#8), for a connection string with {@code x509=true}; default: the config
     * file's CertFile and KeyFile.
     */
    public Builder certificate(Path cert, Path key) {
      this.certFile = cert;
      this.keyFile = key;
      return this;
    }

    /** The file system root the collectors read through; default {@code /}. */
    public Builder root(Path dir) {
      this.root = dir;
      return this;
    }

    /** Where events wait until the hub acknowledges them; default {@code /var/lib/vigil/agent/spool}. */
    public Builder spoolDir(Path dir) {
      this.spoolDir = dir;
      return this;
    }

    /** Where device applications send events with the SDK; default: no SDK socket. */
    public Builder sdkSocket(Path socket) {
      this.sdkSocket = socket;
      return this;
    }

    /** Only these collectors (spec names); default all of this build's. */
    public Builder collectors(String... names) {
      this.collectors = List.of(names);
      return this;
    }

    /** The clock; default the system's. */
    public Builder clock(Clock value) {
      this.clock = value;
      return this;
    }

    /** Where the agent logs, one line per entry; default standard error. */
    public Builder log(PrintStream out) {
      this.log = out;
      return this;
    }

    /**
     * Builds the agent without starting it.
     *
     * @throws IllegalArgumentException naming what is wrong: no or a malformed connection string,
     *     a bad config file, an unknown collector, a root that is not a directory
     * @throws IllegalStateException if the spool cannot be opened, saying why
     */
    public VigilAgent build() {
      AgentConfig local = config == null ? AgentConfig.empty() : LocalConfigFile.read(config, KEYS);
      String text = connectionString != null ? connectionString : local.connectionString();
      if (text == null) {
        throw new IllegalArgumentException("no connection string: give one, or " + ConfigKeys.CONNECTION_STRING
            + " in the config file");
      }
      ConnectionString cs = ConnectionString.parse(text);
      if (!Files.isDirectory(root)) {
        throw new IllegalArgumentException("root " + root + " is not a directory");
      }
      CollectorContext ctx = new CollectorContext(root, clock, ZoneId.systemDefault());
      AgentLog agentLog = new AgentLog(log, clock);
      agentLog.info("Vigil agent " + Agent.version() + " for device '" + cs.deviceId() + "' (" + cs.redacted() + "), root " + root);
      AgentSettings base = AgentSettings.defaults(root);
      AgentSettings settings = local.apply(base, CollectorRegistry.NAMES);
      List<String> names = collectors;
      if (names == null && sdkSocket == null) {
        names = CollectorRegistry.NAMES.stream().filter(n -> !n.equals("sdk")).toList();
      }
      List<io.vigil.agent.collect.Collector> built;
      try {
        built = CollectorRegistry.create(ctx, local, names, false, sdkSocket);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("collectors: " + e.getMessage(), e);
      }
      DiskSpool spool;
      try {
        spool = DiskSpool.open(spoolDir, settings.spool());
      } catch (IOException e) {
        built.forEach(io.vigil.agent.collect.Collector::close);
        throw new IllegalStateException("cannot open the spool " + spoolDir + ": " + e.getMessage(), e);
      }
      Path ca = caFile != null ? caFile : local.caFile();
      HttpProxy via = proxy != null ? HttpProxy.parse(proxy) : local.proxy();
      Path cert = certFile != null ? certFile : local.certFile();
      Path key = keyFile != null ? keyFile : local.keyFile();
      if ((cert == null) != (key == null)) {
        throw new IllegalArgumentException("give both the certificate file and the key file, or neither");
      }
      DeviceCertificate identity = cert == null ? null : DeviceCertificate.load(cert, key);
      if (identity != null) {
        agentLog.info("device certificate " + identity.subject() + " from " + cert);
      }
      MqttVersion mqtt = mqttVersion != null ? mqttVersion : local.mqttVersion();
      MqttTransport transport = new MqttTransport(cs, clock, DeviceTopics.securityTelemetry(cs.deviceId()), ca, via, identity,
          mqtt);
      Agent agent = new Agent(settings, built, transport, spool, Agent.agentId(cs.deviceId()), ctx, agentLog);
      Path socket = sdkSocket;
      agent.followTwin(new RemoteConfig(KEYS, new ConfigResolver(KEYS, local)), base,
          (name, cfg) -> CollectorRegistry.create(name, ctx, cfg, socket));
      return new VigilAgent(agent, agentLog);
    }

    /** Builds the agent and starts it on a daemon thread named {@code vigil-agent}. */
    public VigilAgent start() {
      VigilAgent a = build();
      a.start();
      return a;
    }
  }

  /** Runs the agent on a daemon thread until {@link #close()}. */
  public synchronized void start() {
    if (thread != null) {
      throw new IllegalStateException("the agent is already started");
    }
    thread = new Thread(() -> {
      try {
        run(() -> running);
      } catch (TransportException e) {
        failure = e;
        log.error(e.getMessage() + "; the agent stops");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        failure = e;
        log.error("the agent stopped: " + e);
      }
    }, "vigil-agent");
    thread.setDaemon(true);
    thread.start();
  }

  /** Runs the agent on the calling thread until {@code keepRunning} turns false (the command line's way). */
  void run(BooleanSupplier keepRunning) throws TransportException, InterruptedException {
    agent.run(keepRunning);
  }

  /** True while the agent's thread runs. */
  public boolean isRunning() {
    Thread t = thread;
    return t != null && t.isAlive();
  }

  /** Why the agent stopped on its own (the hub refused its credentials, say), or null. */
  public Exception failure() {
    return failure;
  }

  /** Stops the agent (within a tick), keeping what is unsent in the spool, and releases everything. */
  @Override
  public void close() {
    running = false;
    Thread t = thread;
    if (t != null && t != Thread.currentThread()) {
      try {
        t.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    agent.close();
  }
}
