package io.vigil.bench.wire;

import io.vigil.model.event.ConnectionCreate;
import io.vigil.model.event.Direction;
import io.vigil.model.event.EventHeader;
import io.vigil.model.event.ListeningPorts;
import io.vigil.model.event.Login;
import io.vigil.model.event.ProcessCreate;
import io.vigil.model.event.SecurityEvent;
import io.vigil.model.event.SecurityMessage;
import io.vigil.wire.SecurityMessageCodec;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.IntFunction;

/**
 * A message like a busy gateway's agent sends: process starts, outbound and inbound connections,
 * SSH logins and a listening-ports snapshot, with realistic paths, command lines and addresses.
 * Deterministic: the same target size always gives the same bytes.
 */
final class RealisticMessage {
  private static final String[] EXECUTABLES = {
    "/usr/bin/python3.11", "/bin/sh", "/usr/bin/curl", "/usr/sbin/sshd", "/usr/lib/systemd/systemd-journald",
    "/usr/bin/mosquitto_pub", "/opt/edge/bin/modbus-bridge", "/usr/bin/journalctl", "/usr/sbin/cron", "/usr/bin/dpkg-query",
  };
  private static final String[] ARGUMENTS = {
    "-m edge.collector --config /etc/edge/collector.yaml --interval 15",
    "-c 'test -x /usr/sbin/anacron || ( cd / && run-parts --report /etc/cron.daily )'",
    "-fsSL --retry 3 https://updates.example.net/firmware/v4.2.1/manifest.json -o /tmp/manifest.json",
    "-D -oPermitRootLogin=no",
    "-h broker.local -p 8883 -t plant/line3/temperature -m 21.7 --cafile /etc/ssl/certs/plant-ca.pem",
    "--unit=edge-agent --since=-5min --output=json",
    "-W -f='${Package} ${Version}\\n' openssl libssl3",
  };
  private static final String[] USERS = {"root", "edge", "pi", "www-data", "nobody"};

  private RealisticMessage() {}

  /** The encoded message: events are added, kinds in turn, until it reaches {@code targetBytes}. */
  static byte[] json(int targetBytes) {
    SecurityMessageCodec codec = new SecurityMessageCodec();
    Random random = new Random(42);
    List<SecurityEvent> events = new ArrayList<>();
    byte[] json = new byte[0];
    Instant time = Instant.parse("2026-03-01T08:00:00Z");
    for (int n = 0; json.length < targetBytes; n++) {
      time = time.plusMillis(1 + random.nextInt(4_000));
      EventHeader header = new EventHeader(new UUID(random.nextLong(), random.nextLong()).toString(), time, time.atOffset(ZoneOffset.ofHours(1)));
      int items = 4 + random.nextInt(9);
      events.add(switch (n % 4) {
        case 0 -> new ProcessCreate(header, list(items, i -> process(random)));
        case 1 -> new ConnectionCreate(header, list(items, i -> connection(random)));
        case 2 -> new Login(header, list(items, i -> login(random)));
        default -> new ListeningPorts(header, list(items, i -> port(random)));
      });
      json = codec.encode(SecurityMessage.of("2.1.0", "ea05af2d-7397-4a1b-9ec7-3dc15e762a69", events));
    }
    return json;
  }

  private static ProcessCreate.Process process(Random random) {
    String executable = pick(EXECUTABLES, random);
    int pid = 1_000 + random.nextInt(60_000);
    return new ProcessCreate.Process(executable, pid, 1 + random.nextInt(pid), String.valueOf(random.nextInt(1_001)),
        pick(USERS, random), executable + " " + pick(ARGUMENTS, random),
        Map.of("ParentExecutable", pick(EXECUTABLES, random), "CurrentDirectory", "/var/lib/edge"));
  }

  private static ConnectionCreate.Connection connection(Random random) {
    boolean out = random.nextInt(3) > 0;
    return new ConnectionCreate.Connection(address(random), out ? "443" : "22", address(random),
        String.valueOf(32_768 + random.nextInt(28_000)), out ? Direction.OUT : Direction.IN, random.nextBoolean() ? "TCP" : "UDP",
        1_000 + random.nextInt(60_000), String.valueOf(random.nextInt(1_001)), pick(EXECUTABLES, random),
        pick(EXECUTABLES, random) + " " + pick(ARGUMENTS, random), Map.of());
  }

  private static Login.Attempt login(Random random) {
    boolean success = random.nextInt(4) == 0;
    return new Login.Attempt(1_000 + random.nextInt(60_000), String.valueOf(random.nextInt(1_001)), pick(USERS, random),
        "PAM:authentication", "/usr/sbin/sshd", address(random), String.valueOf(32_768 + random.nextInt(28_000)), "22",
        success ? Login.Result.SUCCESS : Login.Result.FAIL, Map.of("AuthMethod", success ? "publickey" : "password"));
  }

  private static ListeningPorts.Port port(Random random) {
    return new ListeningPorts.Port(null, null, random.nextBoolean() ? "0.0.0.0" : "::",
        String.valueOf(random.nextInt(65_536)), random.nextBoolean() ? "TCP" : "UDP", Map.of());
  }

  private static String address(Random random) {
    if (random.nextInt(4) == 0) {
      return String.format("2001:db8:%x::%x", random.nextInt(65_536), random.nextInt(65_536));
    }
    return (10 + random.nextInt(200)) + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
  }

  private static <T> List<T> list(int size, IntFunction<T> item) {
    List<T> out = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      out.add(item.apply(i));
    }
    return out;
  }

  private static String pick(String[] values, Random random) {
    return values[random.nextInt(values.length)];
  }
}
