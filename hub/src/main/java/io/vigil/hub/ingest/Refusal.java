package io.vigil.hub.ingest;

import io.vigil.model.WireName;

/** Why a telemetry message was refused; the wire names are the results of {@code MessageRejected} hub operations. */
public enum Refusal implements WireName {
  /** The message is bigger than the hub's limit. */
  MESSAGE_TOO_LARGE,
  /** The device is over its rate limit. */
  RATE_LIMITED,
  /** A security message that does not decode or breaks the schema. */
  INVALID_MESSAGE,
  /** Valid, but not stored: the server is busy or storage failed. The sender may retry. */
  NOT_STORED
}
