package io.vigil.hub.twin;

import io.vigil.model.WireName;

/**
 * A twin request that was refused or failed, with the status a device or API client is told and
 * the reason recorded as the hub operation's result.
 */
public final class TwinException extends RuntimeException {
  /** Why a twin request did not succeed; the wire names are the hub operation results. */
  public enum Reason implements WireName {
    /** The patch is not JSON, not an object, uses a reserved key or nests too deep. */
    INVALID_PATCH(400),
    /** The patch, or the properties after it, exceed the size limit. */
    PATCH_TOO_LARGE(413),
    /** The topic is not a twin request the hub knows. */
    UNSUPPORTED_REQUEST(400),
    /** The device is not (or no longer) registered. */
    UNKNOWN_DEVICE(404),
    /** The device's queue of twin requests is full; retry later. */
    THROTTLED(429),
    /** The twin could not be read or written. */
    STORE_FAILED(500),
    /** A fault in the hub itself. */
    INTERNAL_ERROR(500),
    /** The hub is shutting down or did not answer in time. */
    UNAVAILABLE(503);

    private final int status;

    Reason(int status) {
      this.status = status;
    }

    /** The IoT Hub / HTTP status code. */
    public int status() {
      return status;
    }
  }

  private final Reason reason;

  public TwinException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public TwinException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  /** The IoT Hub / HTTP status code for this failure. */
  public int status() {
    return reason.status();
  }
}
