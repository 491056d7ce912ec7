package io.vigil.cli;

import io.vigil.agent.Agent;
import io.vigil.agent.AgentLog;
import io.vigil.agent.AgentSettings;
import io.vigil.agent.CollectorRegistry;
import io.vigil.agent.collect.Collector;
import io.vigil.agent.collect.CollectorContext;
import io.vigil.agent.transport.MqttTransport;
import io.vigil.hub.ingest.TelemetryTopic;
import io.vigil.model.event.SecurityMessage;
import io.vigil.wire.SecurityMessageCodec;
import io.vigil.wire.auth.ConnectionString;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "agent", mixinStandardHelpOptions = true,
    description = {"Runs the micro agent: collects security events on this host and sends them to the hub.",
        "The connection string can also come from $VIGIL_CONNECTION_STRING, which keeps it out of the process list.",
        "With --once, does one collection round and prints it as a security message (JSON) without any hub."})
final class AgentCommand implements Callable<Integer> {
  @Option(names = "--connection-string", paramLabel = "S", description = "HostName=H;DeviceId=D;SharedAccessKey=K[;Port=N][;Tls=false]")
  String connectionString;

  @Option(names = "--config", paramLabel = "FILE", description = "Agent configuration file (comes with the agent runtime work).")
  Path config;

  @Option(names = "--root", paramLabel = "DIR", defaultValue = "/", description = "File system root the collectors read through (default: /).")
  Path root;

  @Option(names = "--once", description = "Collect once, print, and exit.")
  boolean once;

  @Option(names = "--output", paramLabel = "FILE", defaultValue = "-", description = "Where --once writes: - for standard output (default), or a file.")
  String output;

  @Option(names = "--collectors", paramLabel = "a,b", split = ",", description = "Only these collectors (default: all). See the README for the list.")
  java.util.List<String> collectors;

  @Override
  public Integer call() throws Exception {
    if (!Files.isDirectory(root)) {
      throw new IllegalArgumentException("--root " + root + " is not a directory");
    }
    if (config != null) {
      throw new IllegalArgumentException("--config is not supported yet; use --connection-string");
    }
    CollectorContext ctx = new CollectorContext(root, Clock.systemUTC(), ZoneId.systemDefault());
    AgentSettings settings = AgentSettings.defaults(root);
    List<String> names = collectors == null ? List.of() : collectors;
    if (once) {
      String id = Agent.agentId(InetAddress.getLocalHost().getHostName());
      List<Collector> chosen;
      try {
        chosen = CollectorRegistry.create(ctx, names.stream().filter(n -> !n.equals("heartbeat")).toList(), true);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--collectors: " + e.getMessage(), e);
      }
      AgentLog log = new AgentLog(System.err, ctx.clock());
      SecurityMessageCodec codec = new SecurityMessageCodec();
      try (Agent agent = new Agent(settings, chosen, null, id, ctx, log);
          java.io.OutputStream out = output.equals("-") ? new java.io.FilterOutputStream(System.out) {
            @Override
            public void close() throws java.io.IOException {
              flush();
            }
          } : Files.newOutputStream(Path.of(output))) {
        for (SecurityMessage m : agent.collectOnce()) {
          out.write(codec.encode(m));
          out.write('\n');
        }
      }
      return 0;
    }
    String text = connectionString != null ? connectionString : System.getenv("VIGIL_CONNECTION_STRING");
    if (text == null) {
      throw new IllegalArgumentException("give --connection-string S (or set VIGIL_CONNECTION_STRING), or use --once");
    }
    ConnectionString cs = ConnectionString.parse(text);
    AgentLog log = new AgentLog(System.err, ctx.clock());
    log.info("Vigil agent " + Agent.version() + " for device '" + cs.deviceId() + "' (" + cs.redacted() + "), root " + root);
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
    MqttTransport transport = new MqttTransport(cs, ctx.clock(), TelemetryTopic.securityTopic(cs.deviceId()));
    try (Agent agent = new Agent(settings, CollectorRegistry.create(ctx, names, false), transport, Agent.agentId(cs.deviceId()), ctx, log)) {
      agent.run(running::get);
    }
    return 0;
  }
}
