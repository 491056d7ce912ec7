package io.vigil.hub.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.hub.registry.DeviceRegistry;
import io.vigil.hub.registry.RegisteredDevice;
import io.vigil.wire.auth.SasToken;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SasAuthenticationTest {
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  @TempDir Path dir;
  private DeviceAuthentication auth;
  private RegisteredDevice gw;

  @BeforeEach
  void setUp() {
    DeviceRegistry registry = DeviceRegistry.open(dir.resolve("d.json"), Clock.fixed(NOW, ZoneOffset.UTC), new SecureRandom());
    gw = registry.create("gw-1", null);
    auth = new DeviceAuthentication(registry, "hub.local", io.vigil.hub.ca.CertificateTrust.none());
  }

  private Optional<String> token(String resource, String key, Instant expiry) {
    return Optional.of(SasToken.sign(resource, key, expiry).toString());
  }

  private AuthDecision check(String client, String user, Optional<String> password) {
    return auth.check(client, Optional.ofNullable(user), password, java.util.List.of(), NOW);
  }

  @Test
  void acceptsAValidTokenFromEitherKey() {
    String user = "hub.local/gw-1/?api-version=2021-04-12";
    assertThat(check("gw-1", user, token("hub.local/devices/gw-1", gw.primaryKey(), NOW.plusSeconds(60))).accepted()).isTrue();
    assertThat(check("gw-1", user, token("hub.local/devices/gw-1", gw.secondaryKey(), NOW.plusSeconds(60))).accepted()).isTrue();
  }

  @Test
  void refusesWithThePreciseReason() {
    String user = "hub.local/gw-1/?api-version=2021-04-12";
    var valid = token("hub.local/devices/gw-1", gw.primaryKey(), NOW.plusSeconds(60));
    assertThat(check("gw-1", "other/gw-1/", valid).reason())
        .isEqualTo("user name must be 'hub.local/gw-1/?api-version=...' for client id 'gw-1'");
    assertThat(check("gw-9", "hub.local/gw-9/", valid).failure()).isEqualTo(AuthFailure.UNKNOWN_DEVICE);
    assertThat(check("gw-1", user, Optional.of("hunter2")).reason())
        .isEqualTo("password is not a SAS token: SAS token must start with 'SharedAccessSignature '");
    assertThat(check("gw-1", user, token("hub.local/devices/gw-2", gw.primaryKey(), NOW.plusSeconds(60))).reason())
        .isEqualTo("SAS token is for 'hub.local/devices/gw-2', not 'hub.local/devices/gw-1'");
    assertThat(check("gw-1", user, token("hub.local/devices/gw-1", "d3Jvbmcta2V5", NOW.plusSeconds(60))).failure())
        .isEqualTo(AuthFailure.INVALID_SAS_SIGNATURE);
    var expired = check("gw-1", user, token("hub.local/devices/gw-1", gw.primaryKey(), NOW.minusSeconds(1)));
    assertThat(expired.failure()).isEqualTo(AuthFailure.EXPIRED_SAS);
    assertThat(expired.reason()).isEqualTo("SAS token expired at 2026-11-22T09:59:59Z");
    assertThat(AuthFailure.INVALID_SAS_SIGNATURE.wireName()).isEqualTo("InvalidSasSignature");
  }
}
