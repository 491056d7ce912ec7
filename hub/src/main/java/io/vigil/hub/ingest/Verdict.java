package io.vigil.hub.ingest;

import io.vigil.model.event.SecurityMessage;
import io.vigil.wire.ItemText;
import io.vigil.wire.WireException;
import java.time.Duration;
import java.util.List;

/** What {@link TelemetryGate#admit} decided about one telemetry message. */
public sealed interface Verdict {
  /**
   * A valid security message, to hand to the {@link IngestSink}.
   *
   * @param items its payload items as received
   * @param after how long to hold it first (rate shaping); zero for at once
   */
  record Store(SecurityMessage message, ItemText items, Duration after) implements Verdict {}

  /**
   * Other telemetry: counted, to acknowledge and not store.
   *
   * @param after how long to hold the acknowledgement first (rate shaping); zero for at once
   */
  record Counted(Duration after) implements Verdict {}

  /**
   * Refused, and already recorded as a {@code MessageRejected} hub operation.
   *
   * @param reason what was wrong, one line per problem, fit to send back to the device
   * @param violations for {@link Refusal#INVALID_MESSAGE}, each problem with its JSON pointer; else empty
   * @param retryAfter for {@link Refusal#RATE_LIMITED}, when the device may send again; else zero
   */
  record Refused(Refusal refusal, String reason, List<WireException.Violation> violations, Duration retryAfter) implements Verdict {
    public Refused {
      violations = List.copyOf(violations);
    }
  }
}
