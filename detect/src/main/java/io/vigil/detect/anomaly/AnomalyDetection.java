package io.vigil.detect.anomaly;

import io.vigil.detect.Detection;
import io.vigil.detect.settings.RuleSettings;
import io.vigil.model.Alert;
import io.vigil.model.event.ConnectionCreate;
import io.vigil.model.event.DeviceEvent;
import io.vigil.model.event.Direction;
import io.vigil.model.event.Heartbeat;
import io.vigil.model.event.HubOperation;
import io.vigil.model.event.ListeningPorts;
import io.vigil.model.event.Login;
import io.vigil.model.event.ProcessCreate;
import io.vigil.model.event.SecurityEvent;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Anomaly models of each device's normal behaviour. During its learning period (from the hub's
 * receipt of its first event) a device's profile learns its executables, outbound endpoints, listening ports
 * and login users, and the history of its connection and message rates and of the bytes it sent
 * (as its agent's heartbeats report them); afterwards a new member of a set raises an alert once,
 * unless it is common in the device's security group, and a rate above its robust band for k
 * consecutive windows (minutes, or heartbeat intervals for bytes) raises one alert per excursion.
 *
 * <p>Pure: profiles live in the {@link ProfileStore}, group summaries in the shared {@link
 * PeerGroups}, and time comes from the events: the hub's receive time for the learning period and
 * message counts, the event's own time for connection counts and the device's reported intervals for bytes. Called by one thread at a time for a given device.
 */
public final class AnomalyDetection implements Detection {
  private final AnomalySettings settings;
  private final ProfileStore store;
  private final PeerGroups peers;
  private final Supplier<RuleSettings> rules;
  /** The shortest heartbeat interval whose bytes count as a window. */
  static final long MIN_INTERVAL_MS = 30_000;

  /**
   * @param rules the rule settings in force: each alert can be switched off, per group, by its AlertName or rule id
   */
  public AnomalyDetection(AnomalySettings settings, ProfileStore store, PeerGroups peers, Supplier<RuleSettings> rules) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.store = Objects.requireNonNull(store, "store");
    this.peers = Objects.requireNonNull(peers, "peers");
    this.rules = Objects.requireNonNull(rules, "rules");
  }

  @Override
  public void evaluate(DeviceEvent de, Consumer<Alert> alerts) {
    SecurityEvent e = de.event();
    if (e instanceof HubOperation) {
      return; // not the device's own behaviour
    }
    long time = e.header().timestampUtc().toEpochMilli();
    long received = de.received().toEpochMilli();
    DeviceProfile p = store.get(de.deviceId());
    if (p == null) {
      p = new DeviceProfile(received, settings.historyWindows());
    }
    // The learning period runs on the hub's clock: devices without a real-time clock report 1970 until NTP syncs.
    if (!p.learned() && received - p.firstSeen >= settings.learningPeriod().toMillis()) {
      p.learnedAt = received;
      p.group = de.securityGroup();
      for (ItemSet set : p.learned) {
        set.trim();
      }
      peers.join(p);
    }
    Observation seen = new Observation(de, p, !p.learned(), alerts);
    if (received != p.lastReceived) {
      p.lastReceived = received;
      seen.rate(p.messages, Math.floorDiv(received, 60_000), 1, AnomalyAlerts.MESSAGE_RATE);
    }
    switch (e) {
      case ProcessCreate pc -> pc.payload().forEach(seen::process);
      case ConnectionCreate cc -> {
        cc.payload().forEach(seen::connection);
        seen.rate(p.connections, Math.floorDiv(time, 60_000), cc.payload().size(), AnomalyAlerts.CONNECTION_RATE);
      }
      case ListeningPorts lp -> lp.payload().forEach(seen::port);
      case Login l -> l.payload().forEach(seen::login);
      case Heartbeat h -> h.payload().forEach(b -> b.transmitted().ifPresent(seen::bytesOut));
      default -> {}
    }
    store.put(de.deviceId(), p);
  }

  /** One event's observations on one profile. */
  private final class Observation {
    final DeviceEvent de;
    final DeviceProfile p;
    final boolean learning;
    final Consumer<Alert> alerts;

    Observation(DeviceEvent de, DeviceProfile p, boolean learning, Consumer<Alert> alerts) {
      this.de = de;
      this.p = p;
      this.learning = learning;
      this.alerts = alerts;
    }

    void process(ProcessCreate.Process proc) {
      if (observe(Kind.EXECUTABLE, Items.executable(proc.executable()), 0)) {
        alerts.accept(AnomalyAlerts.executable(de, proc));
      }
    }

    void connection(ConnectionCreate.Connection c) {
      if (c.direction() != Direction.OUT) {
        return; // an inbound connection's remote side is a client; what the device offers is its listening ports
      }
      long endpoint = Items.endpoint(c.remoteAddress(), c.remotePort());
      if (p.knows(Kind.ENDPOINT, endpoint)) {
        return; // the usual case; its prefix need not be worked out
      }
      if (observe(Kind.ENDPOINT, endpoint, Items.endpointPrefix(c.remoteAddress(), c.remotePort()))) {
        alerts.accept(AnomalyAlerts.endpoint(de, c));
      }
    }

    void port(ListeningPorts.Port port) {
      if (observe(Kind.LISTENING_PORT, Items.listeningPort(port.protocol(), port.localPort()), 0)) {
        alerts.accept(AnomalyAlerts.listeningPort(de, port));
      }
    }

    void login(Login.Attempt a) {
      if (a.result() != Login.Result.SUCCESS) {
        return; // failed attempts with guessed names are the brute-force rules' business
      }
      String user = a.userName() != null && !a.userName().isBlank() ? a.userName() : a.userId();
      if (observe(Kind.LOGIN_USER, Items.user(user), 0)) {
        alerts.accept(AnomalyAlerts.loginUser(de, a, user));
      }
    }

    void rate(RateWindow rate, long minute, int n, AnomalyAlerts.Rate which) {
      RateWindow.Excursion x = rate.add(minute, n, learning, settings);
      if (x != null && rules.get().enabled(de.securityGroup(), which.alertName(), which.ruleId())) {
        alerts.accept(AnomalyAlerts.rate(de, which, x, settings.hysteresis()));
      }
    }

    /**
     * Bytes out as KiB per minute over the interval the agent measured, one window per interval.
     * Intervals under {@link #MIN_INTERVAL_MS} (an agent restarted, a beat re-sent at once) say little
     * of a rate and are left out.
     */
    void bytesOut(Heartbeat.Transmitted t) {
      long millis = t.millis();
      if (millis < MIN_INTERVAL_MS) {
        return;
      }
      double perMinute = t.bytes() / 1024.0 * 60_000 / millis;
      int kib = (int) Math.min(Integer.MAX_VALUE, Math.round(perMinute));
      RateWindow.Excursion x = p.bytesOut.addWindow(Math.floorDiv(t.start().toEpochMilli(), 1000),
          Math.floorDiv(t.end().toEpochMilli(), 1000), kib, learning, settings, settings.minExcessKiB());
      AnomalyAlerts.Rate which = AnomalyAlerts.BYTES_OUT;
      if (x != null && rules.get().enabled(de.securityGroup(), which.alertName(), which.ruleId())) {
        alerts.accept(AnomalyAlerts.bytesOut(de, x, settings.hysteresis(), t));
      }
    }

    /**
     * Learns {@code item} while learning; afterwards, true when it is new to the device, not common
     * in its group, and its alert is on. {@code prefix} is the endpoint's aggregated form, else 0.
     */
    boolean observe(Kind kind, long item, long prefix) {
      if (p.knows(kind, item) || p.knows(kind, prefix)) {
        return false;
      }
      int k = kind.ordinal();
      ItemSet target = learning ? p.learned[k] : p.added[k];
      int limit = kind.limit(settings);
      long kept = kind == Kind.ENDPOINT && prefix != 0 && target.size() >= limit / 2 ? prefix : item;
      if (target.size() < limit) {
        target.add(kept);
      } else {
        p.overflow[k]++;
      }
      if (learning) {
        return false;
      }
      String group = de.securityGroup();
      if (peers.common(group, item, settings.peerPercent(), settings.minPeers())
          || peers.common(group, prefix, settings.peerPercent(), settings.minPeers())) {
        return false;
      }
      return rules.get().enabled(group, kind.alertName, kind.ruleId);
    }
  }
}
