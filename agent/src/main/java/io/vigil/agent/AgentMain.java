package io.vigil.agent;

import io.vigil.agent.collect.Collector;
import io.vigil.agent.collect.CollectorContext;
import io.vigil.agent.config.AgentConfig;
import io.vigil.agent.config.ConfigKeys;
import io.vigil.agent.config.LocalConfigFile;
import io.vigil.agent.transport.TransportException;
import io.vigil.model.event.SecurityMessage;
import io.vigil.wire.SecurityMessageCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The agent's entry point. The launcher runs it directly, with only the agent's jars on the class
 * path and small-device JVM flags, so that the agent pays for nothing the backend uses.
 */
public final class AgentMain {
  private AgentMain() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err, System.getenv("VIGIL_CONNECTION_STRING")));
  }

  /**
   * Runs the agent and returns its exit code: 0 done, 1 failed (the reason on {@code err}), 2 bad arguments.
   *
   * @param envConnectionString the connection string from the environment, or null
   */
  public static int run(String[] args, PrintStream out, PrintStream err, String envConnectionString) {
    AgentOptions options;
    try {
      options = AgentOptions.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("vigil: " + e.getMessage());
      return 2;
    }
    if (options.help()) {
      out.print(AgentOptions.USAGE.formatted(String.join(", ", CollectorRegistry.NAMES)));
      return 0;
    }
    try {
      return options.once() ? once(options, out, err) : agent(options, err, envConnectionString);
    } catch (IllegalArgumentException | IllegalStateException | IOException | TransportException e) {
      err.println("vigil: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  private static CollectorContext context(AgentOptions o) {
    if (!Files.isDirectory(o.root())) {
      throw new IllegalArgumentException("--root " + o.root() + " is not a directory");
    }
    return new CollectorContext(o.root(), Clock.systemUTC(), ZoneId.systemDefault());
  }

  /** The local configuration file's settings (--config), validated; none without the option. */
  private static AgentConfig localConfig(AgentOptions o) {
    return o.config() == null ? AgentConfig.empty() : LocalConfigFile.read(o.config(), KEYS);
  }

  private static final ConfigKeys KEYS = ConfigKeys.forCollectors(CollectorRegistry.NAMES);

  private static List<Collector> collectors(CollectorContext ctx, AgentConfig config, AgentOptions o, boolean snapshot) {
    try {
      return CollectorRegistry.create(ctx, config, o.collectors(), snapshot, o.sdkSocket());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--collectors: " + e.getMessage(), e);
    }
  }

  private static int once(AgentOptions o, PrintStream stdout, PrintStream err) throws IOException {
    CollectorContext ctx = context(o);
    String id = Agent.agentId(InetAddress.getLocalHost().getHostName());
    SecurityMessageCodec codec = new SecurityMessageCodec();
    AgentLog log = new AgentLog(err, ctx.clock());
    AgentConfig config = localConfig(o);
    AgentSettings settings = config.apply(AgentSettings.defaults(o.root()), CollectorRegistry.NAMES);
    try (Agent agent = new Agent(settings, collectors(ctx, config, o, true), null, null, id, ctx, log);
        OutputStream out = o.output().equals("-") ? new NonClosing(stdout) : Files.newOutputStream(Path.of(o.output()))) {
      for (SecurityMessage m : agent.collectOnce()) {
        out.write(codec.encode(m));
        out.write('\n');
      }
    }
    return 0;
  }

  private static int agent(AgentOptions o, PrintStream err, String envConnectionString) throws TransportException, InterruptedException {
    // Without a config file there is nowhere else to find it; with one, the builder falls back to
    // the file's ConnectionString (and reads the file once).
    String text = o.connectionString() != null ? o.connectionString() : envConnectionString;
    if (text == null && o.config() == null) {
      throw new IllegalArgumentException("give --connection-string S (or set VIGIL_CONNECTION_STRING, or "
          + ConfigKeys.CONNECTION_STRING + " in the --config file), or use --once");
    }
    context(o);
    VigilAgent.Builder builder = VigilAgent.builder().connectionString(text).config(o.config()).caFile(o.caFile())
        .root(o.root()).spoolDir(o.spoolDir()).sdkSocket(o.sdkSocket()).proxy(o.proxy()).mqttVersion(o.mqttVersion()).log(err);
    if (o.certFile() != null || o.keyFile() != null) {
      if (o.certFile() == null || o.keyFile() == null) {
        throw new IllegalArgumentException("give both --cert-file and --key-file");
      }
      builder.certificate(o.certFile(), o.keyFile());
    }
    if (o.collectors() != null) {
      builder.collectors(o.collectors().toArray(String[]::new));
    }
    AtomicBoolean running = new AtomicBoolean(true);
    Thread main = Thread.currentThread();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      running.set(false);
      try {
        main.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "vigil-agent-shutdown"));
    try (VigilAgent agent = builder.build()) {
      agent.run(running::get);
    }
    return 0;
  }

  /** Standard output, which --once must flush but not close. */
  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
