package io.vigil.detect.custom;

import io.vigil.model.Alert;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One device's open windows, one per enabled range rule of its group: tumbling windows of the rule's
 * length, aligned to the epoch (a {@code PT5M} window runs from :00 to :05, :05 to :10 ...). A working
 * copy, {@link #load loaded} from the device's {@link State} for one event or timer and turned back
 * into one by {@link #state}. Touched by one thread only.
 */
final class DeviceWindows {
  /**
   * What is kept of a device between events: plain data.
   *
   * @param group the security group of its latest event
   * @param windows its open windows
   * @param lastMessage the receive time of the security message its latest event came in; null before one
   * @param lastAgent that message's agent id; null before one
   * @param timer when the device's pending timer fires (epoch milliseconds): its earliest window's due
   *     time when it was last saved
   */
  record State(String group, List<Saved> windows, Instant lastMessage, String lastAgent, long timer) {}

  /** One open window, as kept: {@code base} is the message source's count when it opened, negative when it does not count. */
  record Saved(CustomAlertRule rule, long start, long end, long count, long base) {}

  /** One open window. */
  static final class Window {
    CustomAlertRule rule;
    long start;
    long end;
    long count;
    /** The message source's count when the window opened; negative when it does not count. */
    long base;
  }

  private final String deviceId;
  private final MessageCounts counts;
  private final Map<CustomAlertType, Window> windows = new EnumMap<>(CustomAlertType.class);
  String group;
  /** The pending timer's time as loaded; Long.MIN_VALUE when none. */
  long timer = Long.MIN_VALUE;
  /** The security message the latest event came in, as its receive time and agent id: events of one message share them. */
  private Instant lastMessage;
  private String lastAgent;

  DeviceWindows(String deviceId, MessageCounts counts) {
    this.deviceId = deviceId;
    this.counts = counts;
  }

  /** The working copy of {@code saved}, or of a device with no windows when it is null. */
  static DeviceWindows load(String deviceId, MessageCounts counts, State saved) {
    DeviceWindows d = new DeviceWindows(deviceId, counts);
    if (saved != null) {
      d.group = saved.group();
      d.lastMessage = saved.lastMessage();
      d.lastAgent = saved.lastAgent();
      d.timer = saved.timer();
      for (Saved s : saved.windows()) {
        Window w = new Window();
        w.rule = s.rule();
        w.start = s.start();
        w.end = s.end();
        w.count = s.count();
        w.base = s.base();
        d.windows.put(s.rule().type(), w);
      }
    }
    return d;
  }

  /** What to keep of the device until its next event or timer, whose timer is set for {@code timer}. */
  State state(long timer) {
    List<Saved> saved = new ArrayList<>(windows.size());
    for (Window w : windows.values()) {
      saved.add(new Saved(w.rule, w.start, w.end, w.count, w.base));
    }
    return new State(group, saved, lastMessage, lastAgent, timer);
  }

  boolean isEmpty() {
    return windows.isEmpty();
  }

  /**
   * Puts {@code rules} (the group's enabled range rules) in force: a new rule opens its window at
   * {@code at}; a rule switched off drops its window undecided; a changed range applies to the open
   * window, a changed window length starts a new one.
   */
  void sync(String group, List<CustomAlertRule> rules, long at) {
    if (inForce(group, rules)) {
      return;
    }
    this.group = group;
    windows.keySet().removeIf(type -> rules.stream().noneMatch(r -> r.type() == type));
    for (CustomAlertRule r : rules) {
      Window w = windows.get(r.type());
      if (w == null || !w.rule.window().equals(r.window())) {
        w = new Window();
        w.rule = r;
        open(w, at);
        windows.put(r.type(), w);
      }
      w.rule = r;
    }
  }

  /** Whether {@code rules} and {@code group} are already the ones in force: the usual case, checked without allocating. */
  private boolean inForce(String group, List<CustomAlertRule> rules) {
    if (!group.equals(this.group) || windows.size() != rules.size()) {
      return false;
    }
    for (int i = 0; i < rules.size(); i++) {
      CustomAlertRule r = rules.get(i);
      Window w = windows.get(r.type());
      if (w == null || w.rule != r && !w.rule.equals(r)) {
        return false;
      }
    }
    return true;
  }

  /** Whether an event opens a new security message (its receive time or agent differs from the last one's). */
  boolean newMessage(Instant received, String agentId) {
    boolean fresh = !received.equals(lastMessage) || !agentId.equals(lastAgent);
    lastMessage = received;
    lastAgent = agentId;
    return fresh;
  }

  /** Decides the windows that {@code at}, the time of the device's latest event, is past, and opens the ones that hold it. */
  void roll(long at, Instant now, Consumer<Alert> alerts) {
    for (Window w : windows.values()) {
      if (at >= w.end) {
        decide(w, at, now, alerts);
      }
    }
  }

  /** Adds {@code amount} to {@code type}'s open window, if it has one. An event from before the window counts in it. */
  void add(CustomAlertType type, long amount) {
    Window w = windows.get(type);
    if (w != null) {
      w.count += amount;
    }
  }

  /** The earliest time one of the windows comes due. */
  long due(long lateness) {
    long next = Long.MAX_VALUE;
    for (Window w : windows.values()) {
      next = Math.min(next, w.end + lateness);
    }
    return next;
  }

  /**
   * Decides the windows that ended at least {@code lateness} before {@code clock} and opens the ones
   * that hold it.
   *
   * @return the earliest time a window comes due after this
   */
  long advance(long clock, long lateness, Instant now, Consumer<Alert> alerts) {
    for (Window w : windows.values()) {
      if (clock >= w.end + lateness) {
        decide(w, clock, now, alerts);
      }
    }
    return due(lateness);
  }

  /** Raises the alert if {@code w}'s count is out of range, then opens the window that holds {@code at}. */
  private void decide(Window w, long at, Instant now, Consumer<Alert> alerts) {
    CustomAlertRule r = w.rule;
    boolean counted = w.base >= 0 || !countedByHubOnly(r.type());
    long total = w.count + (w.base >= 0 ? Math.max(0, sent(r.type()) - w.base) : 0);
    if (counted && (total < r.min() || total > r.max())) {
      alerts.accept(CustomAlert.range(deviceId, group, r, Instant.ofEpochMilli(w.start), Instant.ofEpochMilli(w.end), total, now));
    }
    long length = r.window().toMillis();
    long start = Math.floorDiv(at, length) * length;
    if (counted && start > w.end && r.min() > 0) {
      // Whole windows passed without an event: the last of them counted nothing.
      alerts.accept(CustomAlert.range(deviceId, group, r, Instant.ofEpochMilli(start - length), Instant.ofEpochMilli(start), 0, now));
    }
    open(w, at);
  }

  private void open(Window w, long at) {
    long length = w.rule.window().toMillis();
    w.start = Math.floorDiv(at, length) * length;
    w.end = w.start + length;
    w.count = 0;
    w.base = sent(w.rule.type());
  }

  private long sent(CustomAlertType type) {
    return switch (type) {
      case MQTT_D2C -> counts.sent(deviceId, MessageCounts.MQTT);
      case HTTP_D2C -> counts.sent(deviceId, MessageCounts.HTTPS);
      case MQTT_C2D -> counts.cloudToDevice(deviceId, MessageCounts.MQTT);
      case MQTT_C2D_REJECTED -> counts.cloudToDeviceRejected(deviceId, MessageCounts.MQTT);
      default -> -1;
    };
  }

  /** Whether only the hub's counts feed the type (no event does): without them its windows are never decided. */
  private static boolean countedByHubOnly(CustomAlertType type) {
    return type == CustomAlertType.HTTP_D2C || type == CustomAlertType.MQTT_C2D || type == CustomAlertType.MQTT_C2D_REJECTED;
  }
}
