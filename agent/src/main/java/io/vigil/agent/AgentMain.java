package io.vigil.agent;

import io.vigil.agent.collect.Collector;
import io.vigil.agent.collect.CollectorContext;
import io.vigil.agent.spool.DiskSpool;
import io.vigil.agent.transport.MqttTransport;
import io.vigil.agent.transport.TransportException;
import io.vigil.model.event.SecurityMessage;
import io.vigil.wire.SecurityMessageCodec;
import io.vigil.wire.auth.ConnectionString;
import io.vigil.wire.auth.DeviceTopics;
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
    if (o.config() != null) {
      throw new IllegalArgumentException("--config is not supported yet; use --connection-string");
    }
    return new CollectorContext(o.root(), Clock.systemUTC(), ZoneId.systemDefault());
  }

  private static List<Collector> collectors(CollectorContext ctx, AgentOptions o, boolean snapshot) {
    try {
      return CollectorRegistry.create(ctx, o.collectors(), snapshot, o.sdkSocket());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--collectors: " + e.getMessage(), e);
    }
  }

  private static int once(AgentOptions o, PrintStream stdout, PrintStream err) throws IOException {
    CollectorContext ctx = context(o);
    String id = Agent.agentId(InetAddress.getLocalHost().getHostName());
    SecurityMessageCodec codec = new SecurityMessageCodec();
    AgentLog log = new AgentLog(err, ctx.clock());
    try (Agent agent = new Agent(AgentSettings.defaults(o.root()), collectors(ctx, o, true), null, null, id, ctx, log);
        OutputStream out = o.output().equals("-") ? new NonClosing(stdout) : Files.newOutputStream(Path.of(o.output()))) {
      for (SecurityMessage m : agent.collectOnce()) {
        out.write(codec.encode(m));
        out.write('\n');
      }
    }
    return 0;
  }

  private static int agent(AgentOptions o, PrintStream err, String envConnectionString) throws TransportException, InterruptedException {
    String text = o.connectionString() != null ? o.connectionString() : envConnectionString;
    if (text == null) {
      throw new IllegalArgumentException("give --connection-string S (or set VIGIL_CONNECTION_STRING), or use --once");
    }
    ConnectionString cs = ConnectionString.parse(text);
    CollectorContext ctx = context(o);
    AgentLog log = new AgentLog(err, ctx.clock());
    log.info("Vigil agent " + Agent.version() + " for device '" + cs.deviceId() + "' (" + cs.redacted() + "), root " + o.root());
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
    AgentSettings settings = AgentSettings.defaults(o.root());
    DiskSpool spool;
    try {
      spool = DiskSpool.open(o.spoolDir(), settings.spool());
    } catch (IOException e) {
      throw new IllegalStateException("cannot open the spool " + o.spoolDir() + ": " + e.getMessage(), e);
    }
    MqttTransport transport = new MqttTransport(cs, ctx.clock(), DeviceTopics.securityTelemetry(cs.deviceId()), o.caFile());
    try (Agent agent = new Agent(settings, collectors(ctx, o, false), transport, spool, Agent.agentId(cs.deviceId()), ctx, log)) {
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
