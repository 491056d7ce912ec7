package io.vigil.hub.broker;

import io.vigil.hub.registry.RegisteredDevice;

/**
 * The outcome of a CONNECT.
 *
 * @param device the registered device the client claimed to be; null when unknown or not looked up
 * @param method {@code SAS} or {@code X509}: how the client tried to authenticate
 * @param failure null when the CONNECT may proceed
 * @param reason what was wrong, fit to send back to the client and log (never holds a key or token)
 */
record AuthDecision(RegisteredDevice device, String method, AuthFailure failure, String reason) {
  static AuthDecision accept(RegisteredDevice device, String method) {
    return new AuthDecision(device, method, null, "");
  }

  static AuthDecision refuse(RegisteredDevice device, String method, AuthFailure failure, String reason) {
    return new AuthDecision(device, method, failure, reason);
  }

  boolean accepted() {
    return failure == null;
  }
}
