package io.vigil.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code vigil} command. */
@Command(
    name = "vigil",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Vigil: open-source IoT security monitoring (micro agent, hub, detections, workspace).",
    subcommands = {
      ServerCommand.class,
      AgentCommand.class,
      DeviceCommand.class,
      CaCommand.class,
      SettingsCommand.class,
      QueryCommand.class,
      AlertsCommand.class,
      RulesCommand.class,
      DemoCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "vigil-logback.xml");
    }
    System.exit(run(args));
  }

  /** Runs the CLI and returns its exit code: 0 ok, 1 failure, 2 bad arguments. */
  static int run(String... args) {
    return cli().execute(args);
  }

  /** The command line with Vigil's converters and error handling: a failure prints "vigil: message" on stderr. */
  static CommandLine cli() {
    CommandLine cli = new CommandLine(new Main());
    cli.registerConverter(java.time.Duration.class, Durations::parse);
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      cmd.getErr().println("vigil: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
      return 1;
    });
    return cli;
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** The version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"vigil " + (v == null ? "0.1.0-dev" : v) + " (Java " + Runtime.version() + ")"};
    }
  }
}
