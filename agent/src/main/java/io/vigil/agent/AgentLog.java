package io.vigil.agent;

import java.io.PrintStream;
import java.time.Clock;
import java.time.temporal.ChronoUnit;

/**
 * The agent's log: one line per entry on standard error, so that standard output stays for data.
 *
 * <p>The agent has no logging framework on purpose (footprint). Never pass a key or token here.
 */
public final class AgentLog {
  private final PrintStream out;
  private final Clock clock;

  public AgentLog(PrintStream out, Clock clock) {
    this.out = out;
    this.clock = clock;
  }

  public void info(String message) {
    line("INFO ", message);
  }

  public void warn(String message) {
    line("WARN ", message);
  }

  public void error(String message) {
    line("ERROR", message);
  }

  private void line(String level, String message) {
    out.println(clock.instant().truncatedTo(ChronoUnit.MILLIS) + " " + level + " agent: " + message);
  }
}
