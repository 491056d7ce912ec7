package io.vigil.agent.collect;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external command (rpm, journalctl, nft, iptables-save ...) and returns its standard
 * output; tests replace it with canned output.
 */
@FunctionalInterface
public interface CommandRunner {
  /**
   * Runs {@code command} and waits at most {@code timeout}.
   *
   * @return standard output, decoded as UTF-8
   * @throws IOException if it cannot start, exits with a non-zero status (the message quotes the
   *     start of standard error) or runs past the timeout (it is then killed)
   */
  String run(List<String> command, Duration timeout) throws IOException, InterruptedException;

  /** Runs real processes; standard output and error are drained on virtual threads. */
  static CommandRunner processes() {
    return (command, timeout) -> {
      Process p = new ProcessBuilder(command).start();
      p.getOutputStream().close(); // no input: a command that reads stdin sees its end at once
      var out = new ByteArrayOutputStream();
      var err = new ByteArrayOutputStream();
      Thread outReader = Thread.ofVirtual().start(() -> drain(p.getInputStream(), out));
      Thread errReader = Thread.ofVirtual().start(() -> drain(p.getErrorStream(), err));
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new IOException(command.getFirst() + " ran longer than " + timeout.toMillis() + " ms and was killed");
      }
      outReader.join();
      errReader.join();
      if (p.exitValue() != 0) {
        String message = err.toString(StandardCharsets.UTF_8).strip();
        throw new IOException(command.getFirst() + " exited with status " + p.exitValue()
            + (message.isEmpty() ? "" : ": " + (message.length() <= 80 ? message : message.substring(0, 80) + "...")));
      }
      return out.toString(StandardCharsets.UTF_8);
    };
  }

  private static void drain(InputStream in, ByteArrayOutputStream to) {
    try (in) {
      in.transferTo(to);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // the pipe broke: the exit status tells the caller
    }
  }
}
