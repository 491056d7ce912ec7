package io.vigil.agent.collect.login;

import io.vigil.agent.collect.CommandRunner;
import io.vigil.agent.collect.Collector;
import io.vigil.agent.collect.CollectorContext;
import io.vigil.agent.collect.CollectorUnavailableException;
import io.vigil.agent.collect.localusers.AccountNames;
import io.vigil.model.event.Login;
import io.vigil.model.event.SecurityEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code login} collector (triggered): logins, logouts and failed logins since the previous
 * call, from wtmp and btmp (binary, appended), utmp (the current sessions, live root only), the
 * auth logs of {@link LoginSettings} (sshd and PAM lines), and on a live root without any of those
 * logs the journal through {@code journalctl}.
 *
 * <p>The first call remembers where every source ends and returns nothing. Operation is
 * {@code Login}, {@code Logout} or {@code LoginFailed}; Executable is the logging program for log
 * lines, and for utmp records the session process's executable when it still runs (else
 * {@code sshd} for sshd's terminals, else {@code unknown}). RemoteAddress is always an IP literal
 * or null. ExtraDetails: {@code Source} ({@code wtmp}, {@code btmp}, {@code utmp}, the log file's
 * name such as {@code auth.log}, or {@code journal}), {@code Time} (when the source says when),
 * {@code Tty}, {@code Host}, {@code Method}, {@code Key}, {@code Reason}, {@code InvalidUser},
 * {@code PamService}, {@code By} (see {@link UtmpLogins} and {@link AuthLogParser}). Reading btmp
 * and auth.log needs root (or the adm/utmp groups).
 */
public final class LoginCollector implements Collector {
  private static final List<String> UTMP = List.of("/run/utmp", "/var/run/utmp");
  private static final String WTMP = "/var/log/wtmp";
  private static final String BTMP = "/var/log/btmp";
  private static final List<String> JOURNALCTL = List.of("/usr/bin/journalctl", "/bin/journalctl");
  private static final List<String> JOURNAL_DIRS = List.of("/var/log/journal", "/run/log/journal");
  private static final int MAX_UTMP_BYTES = 1024 * 1024;

  private final CollectorContext ctx;
  private final LoginSettings settings;
  private final AccountNames names;
  private final FileTail tail = new FileTail();
  private final UtmpLogins utmpLogins;
  private final AuthLogParser authLog;
  private final JournalReader journal;
  private final List<String> problems = new ArrayList<>();
  private boolean baselined;
  private boolean readJournal;
  private List<UtmpRecord> utmpTable = List.of();

  /** Follows the {@linkplain LoginSettings#defaults() default} auth logs. */
  public LoginCollector(CollectorContext ctx) {
    this(ctx, LoginSettings.defaults());
  }

  public LoginCollector(CollectorContext ctx, LoginSettings settings) {
    this(ctx, settings, CommandRunner.processes());
  }

  /** With {@code runner} standing in for {@code journalctl}. */
  LoginCollector(CollectorContext ctx, LoginSettings settings, CommandRunner runner) {
    this.ctx = ctx;
    this.settings = settings;
    this.names = new AccountNames(ctx.root());
    this.utmpLogins = new UtmpLogins(names, this::executable);
    this.authLog = new AuthLogParser(names);
    this.journal = new JournalReader(runner);
  }

  @Override
  public String name() {
    return "login";
  }

  @Override
  public List<SecurityEvent> collect() throws CollectorUnavailableException {
    problems.clear();
    names.refresh();
    problems.addAll(names.problems());
    if (!baselined) {
      baseline();
      baselined = true;
      return List.of();
    }
    List<Login.Attempt> attempts = new ArrayList<>();
    Path wtmp = ctx.path(WTMP);
    attempts.addAll(utmpLogins.wtmp(records(wtmp, WTMP)));
    attempts.addAll(utmpLogins.btmp(records(ctx.path(BTMP), BTMP)));
    String utmp = utmpFile();
    if (utmp != null) {
      List<UtmpRecord> table = table(utmp);
      if (Files.exists(wtmp)) {
        utmpLogins.learn(table);
      } else {
        attempts.addAll(utmpLogins.utmpChanges(utmpTable, table));
      }
      utmpTable = table;
    }
    for (String file : settings.authLogFiles()) {
      attempts.addAll(authLog(file));
    }
    if (readJournal) {
      attempts.addAll(journal());
    }
    return attempts.isEmpty() ? List.of() : List.of(new Login(ctx.header(), attempts));
  }

  /**
   * What the last {@link #collect()} skipped or could not read, one line each (skipped log lines
   * as a count with the first one's byte offset and reason); empty when all was well.
   */
  public List<String> problems() {
    return List.copyOf(problems);
  }

  private void baseline() throws CollectorUnavailableException {
    boolean any = false;
    String utmp = utmpFile();
    if (utmp != null) {
      utmpTable = table(utmp);
      utmpLogins.learn(utmpTable);
      any = true;
    }
    for (String f : List.of(WTMP, BTMP)) {
      any |= baseline(f, UtmpParser.RECORD_SIZE);
    }
    boolean anyLog = false;
    for (String f : settings.authLogFiles()) {
      anyLog |= baseline(f, 1);
    }
    boolean journalDir = JOURNAL_DIRS.stream().anyMatch(d -> Files.isDirectory(ctx.path(d)));
    if (!anyLog && ctx.isLiveRoot() && JOURNALCTL.stream().anyMatch(j -> Files.isExecutable(ctx.path(j)))) {
      readJournal = true;
      journal.baseline(ctx.now());
      any = true;
    } else if (!anyLog && journalDir && !ctx.isLiveRoot()) {
      problems.add("the journal under " + ctx.root() + " is not read: journalctl reads only the running system's");
    }
    if (!any && !anyLog) {
      throw new CollectorUnavailableException("no login records under " + ctx.root() + ": looked for " + WTMP + ", "
          + BTMP + ", " + String.join(", ", UTMP) + " (live root only), " + String.join(", ", settings.authLogFiles())
          + " and journalctl (live root only)"
          + (journalDir && !ctx.isLiveRoot() ? "; the journal there is not read: journalctl reads only the running system's" : ""));
    }
  }

  /** Remembers where {@code file} ends; true if it exists. */
  private boolean baseline(String file, int recordSize) {
    Path p = ctx.path(file);
    try {
      tail.baseline(p, recordSize);
      return Files.exists(p);
    } catch (IOException e) {
      problems.add("cannot read " + file + ": " + e);
      return false;
    }
  }

  private List<UtmpRecord> records(Path path, String file) {
    try {
      FileTail.Chunk chunk = tail.next(path);
      if (chunk == null) {
        return List.of();
      }
      UtmpParser.Result result = UtmpParser.parse(file, chunk.bytes(), chunk.offset());
      tail.advance(chunk, result.consumed());
      problems.addAll(result.problems());
      return result.records();
    } catch (IOException e) {
      problems.add("cannot read " + file + ": " + e);
      return List.of();
    }
  }

  private List<Login.Attempt> authLog(String file) {
    try {
      FileTail.Chunk chunk = tail.next(ctx.path(file));
      if (chunk == null) {
        return List.of();
      }
      String source = file.substring(file.lastIndexOf('/') + 1);
      AuthLogParser.Result result = authLog.parse(file, chunk.offset(), chunk.bytes(),
          chunk.bytes().length == FileTail.MAX_CHUNK, source, ctx.zone(), ctx.now());
      tail.advance(chunk, result.consumed());
      if (result.skipped() > 0) {
        problems.add(result.skipped() + " lines skipped; the first: " + result.firstSkip());
      }
      return result.attempts();
    } catch (IOException e) {
      problems.add("cannot read " + file + ": " + e);
      return List.of();
    }
  }

  private List<Login.Attempt> journal() {
    List<Login.Attempt> attempts = new ArrayList<>();
    try {
      JournalReader.Result result = journal.read();
      int skipped = result.skipped();
      String firstSkip = result.firstSkip();
      for (JournalReader.Entry e : result.entries()) {
        String reason = authLog.entry(e.program(), e.pid(), e.time(), e.message(), "journal", attempts);
        if (reason != null) {
          skipped++;
          firstSkip = firstSkip != null ? firstSkip : "journal entry of " + e.program() + "[" + e.pid() + "]: " + reason;
        }
      }
      if (skipped > 0) {
        problems.add(skipped + " journal entries skipped; the first: " + firstSkip);
      }
    } catch (IOException e) {
      problems.add("cannot read the journal: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      problems.add("reading the journal was interrupted");
    }
    return attempts;
  }

  /** utmp on a live root; null elsewhere (it describes the running system only) or when absent. */
  private String utmpFile() {
    if (!ctx.isLiveRoot()) {
      return null;
    }
    return UTMP.stream().filter(f -> Files.isRegularFile(ctx.path(f))).findFirst().orElse(null);
  }

  /** utmp's whole table: it is small, and rewritten in place rather than appended to. */
  private List<UtmpRecord> table(String utmp) {
    try {
      byte[] data;
      try (var in = Files.newInputStream(ctx.path(utmp))) {
        data = in.readNBytes(MAX_UTMP_BYTES);
      }
      UtmpParser.Result result = UtmpParser.parse(utmp, data, 0);
      problems.addAll(result.problems());
      return result.records();
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      problems.add("cannot read " + utmp + ": " + e);
      return List.of();
    }
  }

  /** The executable of a running process on the live root; null elsewhere or when it is gone. */
  private String executable(long pid) {
    if (!ctx.isLiveRoot()) {
      return null;
    }
    try {
      return Files.readSymbolicLink(ctx.path("/proc/" + pid + "/exe")).toString();
    } catch (IOException | UnsupportedOperationException e) {
      return null; // gone, or a kernel thread: the caller falls back to a guess
    }
  }
}
