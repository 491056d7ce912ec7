package io.vigil.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.vigil.hub.ca.CertificateAuthority;
import io.vigil.hub.ca.DeviceCredentials;
import io.vigil.hub.ca.Thumbprint;
import io.vigil.hub.registry.DeviceRegistry;
import io.vigil.hub.registry.DeviceTags;
import io.vigil.hub.registry.RegisteredDevice;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code POST /api/v1/devices}: registers a device and answers it with its connection string.
 *
 * <p>Body: {@code deviceId}, optional {@code securityGroup} and {@code tags} (an object of string
 * values; its {@code SecurityGroup}, if any, is the group), and {@code authType}: {@code sas}
 * (default: generated keys), {@code x509} (a certificate known by thumbprint: the given
 * {@code thumbprint} and optional {@code secondaryThumbprint}, or else one that Vigil's CA issues
 * now, valid {@code validityDays} (default 365), answered as {@code certificatePem} and
 * {@code privateKeyPem}), or {@code x509-ca} (a certificate signed by a registered CA; nothing stored).
 */
final class DeviceCreation {
  private static final java.util.List<String> FIELDS =
      java.util.List.of("deviceId", "securityGroup", "tags", "authType", "thumbprint", "secondaryThumbprint", "validityDays");

  private DeviceCreation() {}

  static void create(Context ctx, DeviceRegistry registry, CertificateAuthority ca, Function<RegisteredDevice, String> connectionString) {
    JsonNode body = ApiServer.body(ctx);
    if (body == null) {
      return;
    }
    if (!ApiServer.onlyKnownFields(ctx, body, FIELDS, "known fields are")) {
      return;
    }
    try {
      create(ctx, body, registry, ca, connectionString);
    } catch (IllegalArgumentException e) {
      ApiServer.error(ctx, e.getMessage().endsWith("already exists") ? 409 : 400, e.getMessage());
    }
  }

  private static void create(Context ctx, JsonNode body, DeviceRegistry registry, CertificateAuthority ca,
      Function<RegisteredDevice, String> connectionString) {
    String id = text(body, "deviceId", true);
    String group = text(body, "securityGroup", false);
    java.util.Map<String, String> tags = body.has("tags") ? DeviceUpdate.tags(body.get("tags"), false) : java.util.Map.of();
    String auth = text(body, "authType", false);
    String thumbprint = text(body, "thumbprint", false);
    String secondary = text(body, "secondaryThumbprint", false);
    auth = auth == null ? "sas" : auth.toLowerCase(Locale.ROOT);
    if (!Set.of("sas", "x509", "x509-ca").contains(auth)) {
      throw new IllegalArgumentException("/authType: '" + auth + "' is not one of sas, x509, x509-ca");
    }
    if (!auth.equals("x509") && (thumbprint != null || secondary != null || body.has("validityDays"))) {
      throw new IllegalArgumentException("/" + (thumbprint != null ? "thumbprint" : secondary != null ? "secondaryThumbprint" : "validityDays")
          + ": only with authType x509");
    }
    if (thumbprint != null && body.has("validityDays")) {
      throw new IllegalArgumentException("/validityDays: only for a certificate issued by Vigil, not with /thumbprint");
    }
    if (thumbprint == null && secondary != null) {
      throw new IllegalArgumentException("/secondaryThumbprint: only with /thumbprint");
    }
    int days = body.path("validityDays").asInt(365);
    if (body.has("validityDays") && (!body.get("validityDays").isInt() || days < 1 || days > 3650)) {
      throw new IllegalArgumentException("/validityDays: must be a whole number of days between 1 and 3650");
    }
    if (registry.find(id).isPresent()) {
      throw new IllegalArgumentException("device '" + id + "' already exists");
    }
    DeviceCredentials issued = null;
    RegisteredDevice d;
    switch (auth) {
      case "sas" -> d = registry.create(id, group, tags);
      case "x509-ca" -> d = registry.createCaSigned(id, group, tags);
      default -> {
        if (thumbprint != null) {
          d = registry.createWithThumbprint(id, group, tags, parse("thumbprint", thumbprint),
              secondary == null ? null : parse("secondaryThumbprint", secondary));
        } else {
          DeviceTags.forNewDevice(group, tags); // checked before a certificate is issued for nothing
          issued = ca.issueDeviceCertificate(id, Duration.ofDays(days));
          d = registry.createWithThumbprint(id, group, tags, issued.thumbprint(), null);
        }
      }
    }
    ObjectNode out = ApiServer.device(d);
    out.put("connectionString", connectionString.apply(d));
    if (issued != null) {
      out.put("certificatePem", issued.certificatePem());
      out.put("privateKeyPem", issued.privateKeyPem());
    }
    ApiServer.json(ctx, 201, out);
  }

  private static Thumbprint parse(String field, String text) {
    try {
      return Thumbprint.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("/" + field + ": " + e.getMessage(), e);
    }
  }

  /** The string field, or null when absent and not required. */
  private static String text(JsonNode body, String field, boolean required) {
    JsonNode v = body.get(field);
    if (v == null && !required) {
      return null;
    }
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("/" + field + ": " + (required ? "a string is required" : "must be a string"));
    }
    return v.asText();
  }
}
