package io.vigil.cli;

import io.vigil.agent.AgentMain;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code vigil agent}: hands its arguments to the agent's own entry point, which parses them, so
 * that the agent behaves the same whether the launcher runs it lean or the CLI runs it.
 */
@Command(name = "agent",
    description = {"Runs the micro agent: collects security events on this host and sends them to the hub.",
        "With --once, prints one collection round as security messages (JSON) without any hub.",
        "See 'vigil agent --help' for its options."})
final class AgentCommand implements Callable<Integer> {
  @Unmatched List<String> args = new ArrayList<>();

  @Override
  public Integer call() {
    return AgentMain.run(args.toArray(String[]::new), System.out, System.err, System.getenv("VIGIL_CONNECTION_STRING"));
  }
}
