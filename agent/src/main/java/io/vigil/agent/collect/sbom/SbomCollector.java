package io.vigil.agent.collect.sbom;

import io.vigil.agent.collect.CommandRunner;
import io.vigil.agent.collect.Collector;
import io.vigil.agent.collect.CollectorContext;
import io.vigil.agent.collect.CollectorUnavailableException;
import io.vigil.model.event.Sbom;
import io.vigil.model.event.SecurityEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code sbom} collector (periodic): every installed package, in one Sbom event per call,
 * without a cap on their number (the agent splits big events into messages).
 *
 * <p>Sources, all that exist are read: dpkg ({@code var/lib/dpkg/status}), Alpine apk
 * ({@code lib/apk/db/installed}), opkg ({@code usr/lib/opkg/status} or
 * {@code var/lib/opkg/status}) and, on a live root where the {@code rpm} binary exists, the rpm
 * database through {@code rpm -qa}. The parsers say which ExtraDetails each manager gives:
 * {@link ControlFileParser}, {@link ApkDatabaseParser}, {@link RpmQuery}. Needs no privileges.
 */
public final class SbomCollector implements Collector {
  private static final List<String> OPKG = List.of("/usr/lib/opkg/status", "/var/lib/opkg/status");
  private static final List<String> RPM_BINARIES = List.of("/usr/bin/rpm", "/bin/rpm");
  private static final List<String> RPM_DATABASES = List.of("/var/lib/rpm", "/usr/lib/sysimage/rpm");

  private final CollectorContext ctx;
  private final RpmQuery rpm;
  private final List<String> problems = new ArrayList<>();

  public SbomCollector(CollectorContext ctx) {
    this(ctx, CommandRunner.processes());
  }

  SbomCollector(CollectorContext ctx, CommandRunner runner) {
    this.ctx = ctx;
    this.rpm = new RpmQuery(runner);
  }

  @Override
  public String name() {
    return "sbom";
  }

  @Override
  public List<SecurityEvent> collect() throws CollectorUnavailableException {
    problems.clear();
    List<Sbom.Package> packages = new ArrayList<>();
    List<String> unreadable = new ArrayList<>();
    int read = 0;
    read += file("/var/lib/dpkg/status", text -> ControlFileParser.parse("/var/lib/dpkg/status", "dpkg", text),
        packages, unreadable);
    read += file("/lib/apk/db/installed", text -> ApkDatabaseParser.parse("/lib/apk/db/installed", text),
        packages, unreadable);
    Path opkgSeen = null;
    for (String opkg : OPKG) {
      Path p = ctx.path(opkg);
      if (Files.exists(p) && (opkgSeen == null || !sameFile(p, opkgSeen))) {
        opkgSeen = p;
        read += file(opkg, text -> ControlFileParser.parse(opkg, "opkg", text), packages, unreadable);
      }
    }
    read += rpm(packages, unreadable);
    if (read == 0) {
      throw new CollectorUnavailableException(unreadable.isEmpty()
          ? "no package database under " + ctx.root() + ": looked for /var/lib/dpkg/status, /lib/apk/db/installed, "
              + String.join(", ", OPKG) + " and the rpm binary (live root only)"
          : String.join("; ", unreadable));
    }
    problems.addAll(unreadable);
    return List.of(new Sbom(ctx.header(), packages));
  }

  /**
   * What the last {@link #collect()} skipped or could not read, one line each ({@code FILE:LINE:
   * why} for a malformed line or stanza); empty when all was well.
   */
  public List<String> problems() {
    return List.copyOf(problems);
  }

  private interface Parser {
    Parsed parse(String text);
  }

  /** Reads and parses one database file; 1 if it was read, 0 if absent or unreadable. */
  private int file(String name, Parser parser, List<Sbom.Package> packages, List<String> unreadable) {
    Path p = ctx.path(name);
    if (!Files.exists(p)) {
      return 0;
    }
    try {
      Parsed parsed = parser.parse(new String(Files.readAllBytes(p), StandardCharsets.UTF_8));
      packages.addAll(parsed.packages());
      problems.addAll(parsed.problems());
      return 1;
    } catch (IOException e) {
      unreadable.add("cannot read " + p + ": " + e);
      return 0;
    }
  }

  private int rpm(List<Sbom.Package> packages, List<String> unreadable) {
    boolean binary = RPM_BINARIES.stream().anyMatch(b -> Files.isExecutable(ctx.path(b)));
    if (!ctx.isLiveRoot()) {
      if (RPM_DATABASES.stream().anyMatch(d -> Files.isDirectory(ctx.path(d)))) {
        problems.add("the rpm database under " + ctx.root() + " is not read: rpm is only queried on the live root");
      }
      return 0;
    }
    if (!binary) {
      return 0;
    }
    try {
      Parsed parsed = rpm.query();
      packages.addAll(parsed.packages());
      problems.addAll(parsed.problems());
      return 1;
    } catch (IOException e) {
      unreadable.add("rpm -qa failed: " + e.getMessage());
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      unreadable.add("rpm -qa was interrupted");
      return 0;
    }
  }

  private static boolean sameFile(Path a, Path b) {
    try {
      return Files.isSameFile(a, b);
    } catch (IOException e) {
      return false; // cannot tell: read both, a duplicate beats a gap
    }
  }
}
