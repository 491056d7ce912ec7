package io.vigil.hub.broker;

import io.vigil.hub.registry.DeviceRegistry;
import io.vigil.hub.registry.RegisteredDevice;
import io.vigil.model.AuthType;
import java.time.Instant;
import java.util.Optional;

/**
 * Checks a device's SAS token outside MQTT, for example the {@code Authorization} header of an
 * HTTPS request: the same checks, in the same order, as at an MQTT CONNECT with a SAS token (a
 * registered, enabled device; a token for {@code H/devices/D}, signed with one of its keys, not
 * expired), with the same {@link AuthFailure} kinds.
 *
 * <p>Thread-safe.
 */
public final class TokenAuthentication {
  private final DeviceRegistry registry;
  private final SasAuthentication sas;

  public TokenAuthentication(DeviceRegistry registry, String hostName) {
    this.registry = registry;
    this.sas = new SasAuthentication(hostName);
  }

  /**
   * The outcome of a check.
   *
   * @param device the device, when accepted
   * @param failure null when accepted
   * @param reason what was wrong, fit to send back and log (never holds a key or a token)
   */
  public record Outcome(RegisteredDevice device, AuthFailure failure, String reason) {
    public boolean accepted() {
      return failure == null;
    }
  }

  /**
   * Checks {@code token} (the whole {@code SharedAccessSignature sr=...&sig=...&se=...}), presented
   * for device {@code deviceId} at {@code now}.
   *
   * @param token null when the request carried none
   */
  public Outcome check(String deviceId, String token, Instant now) {
    Optional<RegisteredDevice> found = registry.find(deviceId);
    if (found.isEmpty()) {
      return new Outcome(null, AuthFailure.UNKNOWN_DEVICE, "unknown device '" + deviceId + "'");
    }
    RegisteredDevice device = found.get();
    if (!device.device().enabled()) {
      return new Outcome(null, AuthFailure.DISABLED_DEVICE, "device '" + deviceId + "' is disabled");
    }
    if (device.device().authType() != AuthType.SAS) {
      return new Outcome(null, AuthFailure.AUTH_TYPE_MISMATCH, "device '" + deviceId
          + "' authenticates with an X.509 certificate, not a SAS token: it sends over MQTT with TLS and its certificate");
    }
    if (token == null) {
      return new Outcome(null, AuthFailure.MALFORMED_SAS,
          "no Authorization header: send 'Authorization: SharedAccessSignature sr=...&sig=...&se=...'");
    }
    AuthDecision decision = sas.verify(device, Optional.of(token), now, "Authorization header");
    return decision.accepted()
        ? new Outcome(device, null, "")
        : new Outcome(null, decision.failure(), decision.reason());
  }
}
