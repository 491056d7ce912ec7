package io.vigil.bench;

import io.vigil.agent.collect.CollectorContext;
import io.vigil.agent.collect.CollectorUnavailableException;
import io.vigil.agent.collect.process.ProcessCollector;
import io.vigil.agent.collect.process.ProcessSettings;
import io.vigil.agent.collect.process.ProcessSettings.Mode;
import io.vigil.model.event.ProcessCreate;
import io.vigil.model.event.ProcessTerminate;
import io.vigil.model.event.SecurityEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How many short-lived processes the process collector catches: a shell starts N {@code /bin/true
 * vigil-cap-R-i} one after another as fast as it can, printing each child's pid, while the
 * collector runs with netlink, with 100 ms polling and with 10 ms polling.
 *
 * <p>For each run it reports the share of the N pids that appeared in a ProcessCreate with the
 * marker in its command line ("captured"), in any ProcessCreate ("seen"), and captured with every
 * detail (executable, user, directory, parent, not Incomplete), plus the exits seen with exit
 * status 0. Netlink needs root. Usage: {@code ProcessCaptureBenchmark [N [runs]]}, defaults 2000 and 3.
 */
public final class ProcessCaptureBenchmark {
  private static final Duration SETTLE = Duration.ofSeconds(2);

  private ProcessCaptureBenchmark() {}

  record Result(int spawned, int captured, int seen, int full, int exitsOk, double spawnSeconds,
      ProcessCollector.Statistics stats, String scheduling) {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    System.out.printf("Process capture: %d execs of /bin/true per run, %d runs per source, %d CPUs, load average %s%n%n",
        n, runs, Runtime.getRuntime().availableProcessors(), Files.readString(Path.of("/proc/loadavg")).strip());
    System.out.println("| source | run | execs/s | captured (marker) | seen at all | full details | exits seen (status 0) "
        + "| incomplete | kernel overruns | buffer drops |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    int run = 0;
    String scheduling = "-";
    for (Mode mode : List.of(Mode.NETLINK, Mode.POLLING)) {
      for (Duration interval : mode == Mode.NETLINK ? List.of(Duration.ofMillis(100)) : List.of(Duration.ofMillis(100),
          Duration.ofMillis(10))) {
        String label = mode == Mode.NETLINK ? "netlink" : "polling " + interval.toMillis() + " ms";
        for (int i = 1; i <= runs; i++) {
          run++;
          try {
            Result r = measure(new ProcessSettings(mode, interval, 200_000), n, run);
            System.out.printf("| %s | %d | %,.0f | %s | %s | %s | %s | %d | %d | %d |%n", label, i, r.spawned() / r.spawnSeconds(),
                share(r.captured(), r.spawned()), share(r.seen(), r.spawned()), share(r.full(), r.spawned()),
                share(r.exitsOk(), r.spawned()), r.stats().incomplete(), r.stats().kernelOverruns(), r.stats().dropped());
            if (mode == Mode.NETLINK) {
              scheduling = r.scheduling();
            }
          } catch (CollectorUnavailableException e) {
            System.out.printf("| %s | %d | unavailable: %s |%n", label, i, e.getMessage());
            break;
          }
        }
      }
    }
    System.out.printf("%nnetlink reader thread: %s%n", scheduling);
  }

  private static String share(int part, int whole) {
    return String.format("%d (%.1f %%)", part, 100.0 * part / whole);
  }

  /** One run: start the collector, spawn, let it settle, and count what it caught. */
  static Result measure(ProcessSettings settings, int n, int run) throws Exception {
    List<ProcessCreate.Process> created = new ArrayList<>();
    List<ProcessTerminate.Process> exited = new ArrayList<>();
    try (ProcessCollector collector = new ProcessCollector(CollectorContext.live(), settings)) {
      collector.collect();
      String marker = "vigil-cap-" + run + "-";
      String script = "i=1; while [ $i -le " + n + " ]; do /bin/true " + marker + "$i & echo $!; wait $!; i=$((i+1)); done";
      long start = System.nanoTime();
      Process shell = new ProcessBuilder("/bin/sh", "-c", script).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      Map<Long, Integer> markerOfPid = new HashMap<>();
      try (BufferedReader out = new BufferedReader(new InputStreamReader(shell.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          markerOfPid.put(Long.parseLong(line.strip()), markerOfPid.size() + 1);
          if (markerOfPid.size() % 500 == 0) {
            drain(collector, created, exited); // keep the buffer short; it is large enough anyway
          }
        }
      }
      if (shell.waitFor() != 0) {
        throw new IllegalStateException("the spawning shell failed with status " + shell.exitValue());
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      long settleEnd = System.nanoTime() + SETTLE.toNanos() + 3 * settings.pollingInterval().toNanos();
      while (System.nanoTime() < settleEnd) {
        drain(collector, created, exited);
        Thread.sleep(50);
      }
      drain(collector, created, exited);
      Set<Long> seen = new HashSet<>();
      Set<Long> captured = new HashSet<>();
      Set<Long> full = new HashSet<>();
      for (ProcessCreate.Process p : created) {
        Integer i = markerOfPid.get(p.processId());
        if (i == null) {
          continue;
        }
        seen.add(p.processId());
        if (p.commandLine().equals("/bin/true " + marker + i)) {
          captured.add(p.processId());
          if (complete(p)) {
            full.add(p.processId());
          }
        }
      }
      Set<Long> exitsOk = new HashSet<>();
      for (ProcessTerminate.Process p : exited) {
        if (markerOfPid.containsKey(p.processId()) && (p.exitStatus() == 0 || settings.mode() == Mode.POLLING)) {
          exitsOk.add(p.processId());
        }
      }
      return new Result(markerOfPid.size(), captured.size(), seen.size(), full.size(), exitsOk.size(), seconds,
          collector.statistics(), collector.readerScheduling().orElse("-"));
    }
  }

  private static boolean complete(ProcessCreate.Process p) {
    Map<String, String> x = p.extraDetails();
    return p.executable().endsWith("/true") && !p.userId().isEmpty() && p.userName() != null
        && x.containsKey("CurrentDirectory") && x.containsKey("ParentExecutable") && x.containsKey("StartTime")
        && !x.containsKey("Incomplete");
  }

  private static void drain(ProcessCollector collector, List<ProcessCreate.Process> created,
      List<ProcessTerminate.Process> exited) throws CollectorUnavailableException {
    for (SecurityEvent e : collector.collect()) {
      switch (e) {
        case ProcessCreate c -> created.addAll(c.payload());
        case ProcessTerminate t -> exited.addAll(t.payload());
        default -> throw new IllegalStateException("unexpected event " + e.kind());
      }
    }
  }
}
