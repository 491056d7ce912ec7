package io.vigil.agent.collect.network;

import io.vigil.agent.collect.CollectorContext;
import io.vigil.agent.collect.CollectorUnavailableException;
import io.vigil.model.event.Diagnostic;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the kernel's socket tables, /proc/net/{tcp,tcp6,udp,udp6}, under a collector's root.
 *
 * <p>The tables show the network namespace of the reading process. tcp6, udp and udp6 may be
 * missing (a kernel without IPv6, or without UDP proc files) and are then skipped; tcp must exist.
 * Malformed lines are skipped; the first time a file has any, {@link Result#newProblems} says so,
 * so that a kernel with an odd format is reported once, not on every poll. Not thread-safe: one
 * collector thread calls it.
 */
public final class SocketTable implements Sockets {
  private static final String[][] TABLES = {{"tcp", "TCP", "4"}, {"tcp6", "TCP", "6"}, {"udp", "UDP", "4"}, {"udp6", "UDP", "6"}};
  private static final int PROBLEMS_PER_FILE = 5;

  private final CollectorContext ctx;
  private final ByteOrder order;
  private final Set<String> reported = new HashSet<>();
  private long skippedLines;

  /** Reads the tables of {@code ctx}'s root, written in this host's byte order. */
  public SocketTable(CollectorContext ctx) {
    this(ctx, ByteOrder.nativeOrder());
  }

  /** Reads tables written by a host of byte {@code order}: for fixtures made on another host. */
  public SocketTable(CollectorContext ctx, ByteOrder order) {
    this.ctx = ctx;
    this.order = order;
  }

  /**
   * All sockets now, and the malformed lines not reported before.
   *
   * @param sockets in table order: tcp, tcp6, udp, udp6
   * @param newProblems {@code file:line: why} messages, at most five per file, for files whose
   *     malformed lines were not reported before; usually empty
   */
  public record Result(List<SocketRow> sockets, List<String> newProblems) {
    /**
     * A warning that names the new malformed lines, on behalf of {@code collector}; empty when
     * there are none.
     */
    public Optional<Diagnostic> warning(CollectorContext ctx, String collector) {
      if (newProblems.isEmpty()) {
        return Optional.empty();
      }
      long pid = ProcessHandle.current().pid();
      long thread = Thread.currentThread().threadId();
      List<Diagnostic.Entry> entries = newProblems.stream()
          .map(p -> new Diagnostic.Entry(null, Diagnostic.Level.WARNING, collector + ": " + p, pid,
              thread, Map.of("Collector", collector)))
          .toList();
      return Optional.of(new Diagnostic(ctx.header(), entries));
    }
  }

  /**
   * Reads the four tables.
   *
   * @throws CollectorUnavailableException if /proc/net/tcp is missing (a mounted image, or no proc
   *     file system) or a table cannot be read
   */
  @Override
  public Result read() throws CollectorUnavailableException {
    Path tcp = ctx.path("/proc/net/tcp");
    if (!Files.exists(tcp)) {
      throw new CollectorUnavailableException("no " + tcp + ": connection data exists only on a running system");
    }
    List<SocketRow> sockets = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (String[] table : TABLES) {
      Path file = ctx.path("/proc/net/" + table[0]);
      List<String> lines;
      try {
        lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
      } catch (NoSuchFileException e) {
        continue; // IPv6 or UDP not in this kernel: nothing to read, not an error
      } catch (IOException e) {
        throw new CollectorUnavailableException("cannot read " + file + ": " + e, e);
      }
      ProcNetParser.Parsed parsed = new ProcNetParser(file.toString(), table[1], Integer.parseInt(table[2]), order).parse(lines);
      sockets.addAll(parsed.sockets());
      skippedLines += parsed.problems().size();
      if (!parsed.problems().isEmpty() && reported.add(file.toString())) {
        int shown = Math.min(PROBLEMS_PER_FILE, parsed.problems().size());
        parsed.problems().subList(0, shown).forEach(p -> problems.add(p + " (line skipped)"));
        if (parsed.problems().size() > shown) {
          problems.add(file + ": " + (parsed.problems().size() - shown) + " more malformed lines skipped");
        }
      }
    }
    return new Result(sockets, problems);
  }

  /** How many malformed lines all calls together skipped. */
  public long skippedLines() {
    return skippedLines;
  }
}
