package io.vigil.agent;

import io.vigil.agent.collect.Collector;
import io.vigil.agent.collect.CollectorContext;
import io.vigil.agent.collect.baseline.BaselineCollector;
import io.vigil.agent.collect.fileintegrity.FileIntegrityCollector;
import io.vigil.agent.collect.firewall.FirewallCollector;
import io.vigil.agent.collect.listeningports.ListeningPortsCollector;
import io.vigil.agent.collect.localusers.LocalUsersCollector;
import io.vigil.agent.collect.login.LoginCollector;
import io.vigil.agent.collect.network.NetworkCollector;
import io.vigil.agent.collect.peripheral.PeripheralCollector;
import io.vigil.agent.collect.kernelmodule.KernelModuleCollector;
import io.vigil.agent.collect.process.ProcessCollector;
import io.vigil.agent.collect.process.ProcessSnapshotCollector;
import io.vigil.agent.collect.sbom.SbomCollector;
import io.vigil.agent.collect.sdk.SdkCollector;
import io.vigil.agent.collect.systeminformation.SystemInformationCollector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.vigil.agent.config.AgentConfig;

/** Builds the agent's collectors, by spec name. */
public final class CollectorRegistry {
  private CollectorRegistry() {}

  /** How to build a collector: from the context, the configuration, and whether this is a one-off round (--once). */
  @FunctionalInterface
  private interface Factory {
    Collector create(CollectorContext ctx, AgentConfig config, boolean once);
  }

  /** How to build each collector, by spec name. The one explicit list of collectors: no classpath scanning. */
  private static final Map<String, Factory> FACTORIES = factories();

  /** Events held for the agent from SDK clients before they are refused as busy. */
  private static final int SDK_CAPACITY = 10_000;

  /** The spec names of every collector in this build, the heartbeat included. */
  public static final List<String> NAMES = names();


  private static Map<String, Factory> factories() {
    Map<String, Factory> f = new LinkedHashMap<>();
    f.put("process", (ctx, config, once) -> once ? new ProcessSnapshotCollector(ctx) : new ProcessCollector(ctx, config.process()));
    f.put("network", (ctx, config, once) -> new NetworkCollector(ctx));
    f.put("peripheral", (ctx, config, once) -> new PeripheralCollector(ctx));
    f.put("kernel_module", (ctx, config, once) -> new KernelModuleCollector(ctx));
    f.put("login", (ctx, config, once) -> new LoginCollector(ctx));
    f.put("file_integrity", (ctx, config, once) -> new FileIntegrityCollector(ctx, config.fileIntegrity()));
    f.put("listening_ports", (ctx, config, once) -> new ListeningPortsCollector(ctx));
    f.put("local_users", (ctx, config, once) -> new LocalUsersCollector(ctx));
    f.put("system_information", (ctx, config, once) -> new SystemInformationCollector(ctx));
    f.put("firewall", (ctx, config, once) -> new FirewallCollector(ctx));
    f.put("baseline", (ctx, config, once) -> new BaselineCollector(ctx, config.baseline()));
    f.put("sbom", (ctx, config, once) -> new SbomCollector(ctx));
    return f;
  }

  /**
   * Every collector in this build: all of them, unless the distribution was built with only some
   * ({@code -Dvigil.agent.collectors=process,login}), which leaves the others' classes out and lists
   * the chosen ones in {@value #BUILD_COLLECTORS}.
   */
  private static List<String> names() {
    List<String> all = new ArrayList<>(FACTORIES.keySet());
    all.add("sdk");
    all.add("heartbeat");
    List<String> built = builtCollectors();
    if (built != null) {
      all.retainAll(built);
      FACTORIES.keySet().retainAll(built);
    }
    return List.copyOf(all);
  }

  /** The resource that lists the collectors a trimmed distribution holds. */
  static final String BUILD_COLLECTORS = "build-collectors.properties";

  private static List<String> builtCollectors() {
    try (java.io.InputStream in = CollectorRegistry.class.getResourceAsStream(BUILD_COLLECTORS)) {
      if (in == null) {
        return null;
      }
      java.util.Properties p = new java.util.Properties();
      p.load(in);
      List<String> out = new ArrayList<>(List.of(p.getProperty("collectors", "").split(",")));
      out.replaceAll(String::strip);
      out.add("heartbeat");
      return out;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read " + BUILD_COLLECTORS + " from the agent jar", e);
    }
  }

  /**
   * The collectors named in {@code names} (all when null), the heartbeat excepted: the agent always
   * adds it, so naming it here only selects nothing else.
   *
   * @param once true for a one-off round (--once): triggered collectors then report the current
   *     state where they have one (the running processes) instead of learning a baseline
   * @param sdkSocket where the {@code sdk} collector listens for device applications' events; it
   *     does not run in a one-off round
   * @throws IllegalArgumentException naming an unknown collector
   */
  public static List<Collector> create(CollectorContext ctx, List<String> names, boolean once, Path sdkSocket) {
    return create(ctx, AgentConfig.empty(), names, once, sdkSocket);
  }

  /** As {@link #create(CollectorContext, List, boolean, Path)}, each collector with its settings from {@code config}. */
  public static List<Collector> create(CollectorContext ctx, AgentConfig config, List<String> names, boolean once, Path sdkSocket) {
    List<String> wanted = names == null ? NAMES : names;
    for (String n : wanted) {
      if (!NAMES.contains(n)) {
        throw new IllegalArgumentException("unknown collector '" + n + "'; available: " + String.join(", ", NAMES));
      }
    }
    List<Collector> out = new ArrayList<>();
    FACTORIES.forEach((name, factory) -> {
      if (wanted.contains(name)) {
        out.add(factory.create(ctx, config, once));
      }
    });
    if (!once && wanted.contains("sdk")) {
      out.add(new SdkCollector(sdkSocket, SDK_CAPACITY));
    }
    return out;
  }

  /**
   * One collector by spec name, for the running agent (a restart after its settings changed).
   *
   * @throws IllegalArgumentException naming an unknown collector or the heartbeat (the agent owns it)
   */
  public static Collector create(String name, CollectorContext ctx, AgentConfig config, Path sdkSocket) {
    if (name.equals("sdk") && NAMES.contains("sdk")) {
      return new SdkCollector(sdkSocket, SDK_CAPACITY);
    }
    Factory f = FACTORIES.get(name);
    if (f == null) {
      throw new IllegalArgumentException("unknown collector '" + name + "'");
    }
    return f.create(ctx, config, false);
  }
}
