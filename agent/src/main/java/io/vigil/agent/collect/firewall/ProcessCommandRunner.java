package io.vigil.agent.collect.firewall;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs commands as child processes, reading their output on virtual threads so that a full pipe
 * never blocks them, and kills one that exceeds the timeout.
 */
final class ProcessCommandRunner implements CommandRunner {
  /** The system directories searched besides PATH: an unprivileged PATH often lacks the sbin ones. */
  private static final List<String> SYSTEM_DIRS = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin", "/usr/local/sbin");
  /** Output beyond this is cut: a ruleset of this size is already far past what a device holds. */
  private static final int MAX_OUTPUT_BYTES = 32 << 20;

  private final Duration timeout;

  ProcessCommandRunner(Duration timeout) {
    this.timeout = timeout;
  }

  @Override
  public Optional<String> locate(String tool) {
    Set<String> dirs = new LinkedHashSet<>();
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(":")) {
        if (!dir.isEmpty()) {
          dirs.add(dir);
        }
      }
    }
    dirs.addAll(SYSTEM_DIRS);
    for (String dir : dirs) {
      Path candidate = Path.of(dir, tool);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate.toString());
      }
    }
    return Optional.empty();
  }

  @Override
  public Output run(List<String> command) throws IOException {
    String shown = String.join(" ", command);
    Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    CompletableFuture<String> out = drain(process.getInputStream());
    CompletableFuture<String> err = drain(process.getErrorStream());
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IOException("'" + shown + "' did not finish within " + timeout.toMillis() + " ms and was killed");
      }
      // A child that left the pipes open to a process of its own must not hang the collector either.
      return new Output(process.exitValue(), out.get(timeout.toMillis(), TimeUnit.MILLISECONDS),
          err.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for '" + shown + "'", e);
    } catch (TimeoutException e) {
      throw new IOException("'" + shown + "' exited but its output did not close within " + timeout.toMillis() + " ms", e);
    } catch (ExecutionException e) {
      throw new IOException("cannot read the output of '" + shown + "': " + e.getCause().getMessage(), e.getCause());
    }
  }

  private static CompletableFuture<String> drain(InputStream stream) {
    CompletableFuture<String> result = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> {
      try (stream) {
        byte[] bytes = stream.readNBytes(MAX_OUTPUT_BYTES);
        stream.transferTo(OutputStream.nullOutputStream()); // keep the pipe flowing past the cut
        result.complete(new String(bytes, StandardCharsets.UTF_8));
      } catch (IOException e) {
        result.completeExceptionally(e);
      }
    });
    return result;
  }
}
