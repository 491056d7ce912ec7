package io.vigil.model.event;

import io.vigil.model.Require;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Vigil addition: the agent's periodic sign of life, so that a silent device can be told apart. */
public record Heartbeat(EventHeader header, List<Beat> payload) implements SecurityEvent {
  public Heartbeat {
    payload = Payloads.of(EventKind.HEARTBEAT, header, payload);
  }

  @Override
  public EventKind kind() {
    return EventKind.HEARTBEAT;
  }

  /**
   * One beat, with how long the agent has been running. Its ExtraDetails may carry the bytes the
   * device sent since the previous beat ({@link Transmitted}); when they do, the three keys are
   * checked here, so a beat with a malformed count is refused where it is decoded.
   */
  public record Beat(long uptimeSeconds, Map<String, String> extraDetails) {
    public Beat {
      Require.nonNegative(uptimeSeconds, "UptimeSeconds");
      extraDetails = Require.copy(extraDetails, "ExtraDetails");
      Transmitted.from(extraDetails);
    }

    /** A beat that also reports the bytes sent in an interval. */
    public Beat(long uptimeSeconds, Map<String, String> extraDetails, Transmitted transmitted) {
      this(uptimeSeconds, transmitted.into(extraDetails));
    }

    /** The bytes the device sent in the interval before this beat, when the agent could count them. */
    public Optional<Transmitted> transmitted() {
      return Transmitted.from(extraDetails);
    }
  }

  /**
   * The bytes the device sent on its network interfaces (loopback excepted) from {@code start} to
   * {@code end}, by the device's clock. On the wire: ExtraDetails {@code BytesSent} (a whole number),
   * {@code IntervalStart} and {@code IntervalEnd} (ISO-8601 instants), all three or none.
   */
  public record Transmitted(long bytes, Instant start, Instant end) {
    public static final String BYTES_SENT = "BytesSent";
    public static final String INTERVAL_START = "IntervalStart";
    public static final String INTERVAL_END = "IntervalEnd";

    public Transmitted {
      Require.nonNegative(bytes, BYTES_SENT);
      Require.present(start, INTERVAL_START);
      Require.present(end, INTERVAL_END);
      if (!end.isAfter(start)) {
        throw new IllegalArgumentException(INTERVAL_END + " " + end + " must be after " + INTERVAL_START + " " + start);
      }
    }

    /** How long the interval lasted, in milliseconds (at least 1). */
    public long millis() {
      return end.toEpochMilli() - start.toEpochMilli();
    }

    /** {@code details} with the three keys of this interval added. */
    Map<String, String> into(Map<String, String> details) {
      Map<String, String> out = new HashMap<>(details == null ? Map.of() : details);
      out.put(BYTES_SENT, Long.toString(bytes));
      out.put(INTERVAL_START, start.toString());
      out.put(INTERVAL_END, end.toString());
      return out;
    }

    /**
     * The interval the ExtraDetails report, if any.
     *
     * @throws IllegalArgumentException naming the key when only some of the three are present or one is malformed
     */
    static Optional<Transmitted> from(Map<String, String> details) {
      String bytes = details.get(BYTES_SENT);
      String start = details.get(INTERVAL_START);
      String end = details.get(INTERVAL_END);
      if (bytes == null && start == null && end == null) {
        return Optional.empty();
      }
      if (bytes == null || start == null || end == null) {
        throw new IllegalArgumentException("ExtraDetails must hold " + BYTES_SENT + ", " + INTERVAL_START + " and "
            + INTERVAL_END + " together, missing " + (bytes == null ? BYTES_SENT : start == null ? INTERVAL_START : INTERVAL_END));
      }
      long count;
      try {
        count = Long.parseLong(bytes);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("ExtraDetails." + BYTES_SENT + " '" + bytes + "' is not a whole number");
      }
      return Optional.of(new Transmitted(count, instant(start, INTERVAL_START), instant(end, INTERVAL_END)));
    }

    private static Instant instant(String value, String key) {
      try {
        return Instant.parse(value);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("ExtraDetails." + key + " '" + value + "' is not an ISO-8601 instant such as 2026-01-01T00:00:00Z");
      }
    }
  }
}
