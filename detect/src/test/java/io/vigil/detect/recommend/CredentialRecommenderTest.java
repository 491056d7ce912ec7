package io.vigil.detect.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.AuthType;
import io.vigil.model.Recommendation;
import io.vigil.model.RecommendationState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CredentialRecommenderTest {
  private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");

  private static List<Recommendation> check(CredentialRecommender r, Instant t, DeviceCredential... devices) {
    List<Recommendation> out = new ArrayList<>();
    r.evaluate(List.of(devices), t, out::add);
    return out;
  }

  private static String line(Recommendation r) {
    return r.deviceId() + " " + r.name() + " " + r.state().wireName();
  }

  @Test
  void sharedSecretsAndSymmetricKeysAreFoundAndResolvedWhenFixed() {
    CredentialRecommender r = new CredentialRecommender(List::of);
    DeviceCredential a = new DeviceCredential("a", AuthType.SAS, List.of("key:1", "key:2"));
    DeviceCredential b = new DeviceCredential("b", AuthType.SAS, List.of("key:3", "key:1"));
    DeviceCredential c = new DeviceCredential("c", AuthType.X509_SELF_SIGNED, List.of("cert:AA"));
    List<Recommendation> first = check(r, T, a, b, c);
    assertThat(first).extracting(CredentialRecommenderTest::line).containsExactlyInAnyOrder(
        "a IoT_SharedCredentials Active", "a IoT_SymmetricKeyAuthentication Active",
        "b IoT_SharedCredentials Active", "b IoT_SymmetricKeyAuthentication Active");
    assertThat(first).filteredOn(x -> x.deviceId().equals("a") && x.name().equals("IoT_SharedCredentials")).singleElement()
        .satisfies(x -> assertThat(x.description()).isEqualTo("Device a authenticates with a secret that 1 other device(s) also have: b."));
    assertThat(check(r, T.plusSeconds(60), a, b, c)).isEmpty();
    // b's key rotated: the sharing ends for both; b moved to X.509 too.
    DeviceCredential b2 = new DeviceCredential("b", AuthType.X509_SELF_SIGNED, List.of("cert:BB"));
    assertThat(check(r, T.plusSeconds(120), a, b2, c)).extracting(CredentialRecommenderTest::line).containsExactlyInAnyOrder(
        "a IoT_SharedCredentials Resolved", "b IoT_SharedCredentials Resolved", "b IoT_SymmetricKeyAuthentication Resolved");
  }

  @Test
  void aDeletedDeviceHasItsRecommendationsResolvedEvenAcrossARestart() {
    CredentialRecommender before = new CredentialRecommender(List::of);
    List<Recommendation> stored = check(before, T, new DeviceCredential("gone", AuthType.SAS, List.of("key:9")));
    CredentialRecommender after = new CredentialRecommender(() -> stored);
    assertThat(check(after, T.plusSeconds(60))).singleElement().satisfies(x -> {
      assertThat(x.deviceId()).isEqualTo("gone");
      assertThat(x.state()).isEqualTo(RecommendationState.RESOLVED);
      assertThat(x.recommendationId()).isEqualTo(stored.get(0).recommendationId());
    });
  }

  @Test
  void aDeviceWithTelemetryButNoAgentIsToldToInstallOneUntilItsEventsArrive() {
    CredentialRecommender r = new CredentialRecommender(List::of);
    DeviceCredential bare = new DeviceCredential("meter", AuthType.X509_SELF_SIGNED, List.of("cert:CC"), true);
    assertThat(check(r, T, bare)).extracting(CredentialRecommenderTest::line).containsExactly("meter IoT_InstallAgent Active");
    DeviceCredential watched = new DeviceCredential("meter", AuthType.X509_SELF_SIGNED, List.of("cert:CC"), false);
    assertThat(check(r, T.plusSeconds(60), watched)).extracting(CredentialRecommenderTest::line)
        .containsExactly("meter IoT_InstallAgent Resolved");
  }

  @Test
  void ipFiltersThatLetEverythingThroughOrAllowHugeRangesAreHubRecommendations() {
    CredentialRecommender r = new CredentialRecommender(List::of);
    IpFilterView global = new IpFilterView("global", true, List.of(new IpFilterView.Rule("allow 10.0.0.0/8", true, 8, false),
        new IpFilterView.Rule("allow 192.168.1.0/24", true, 24, false), new IpFilterView.Rule("deny 0.0.0.0/0", false, 0, false)));
    IpFilterView lab = new IpFilterView("lab", false, List.of(new IpFilterView.Rule("allow 2001:db8::/32", true, 32, true)));
    List<Recommendation> out = new java.util.ArrayList<>();
    r.evaluateFilters("(hub)", List.of(global, lab), T, out::add);
    assertThat(out).extracting(x -> x.deviceId() + " " + x.name() + " " + x.additionalData().get("Scope") + " " + x.additionalData().get("Rule"))
        .containsExactlyInAnyOrder("(hub) IoT_IPFilter_DenyAll global null", "(hub) IoT_IPFilter_PermissiveRule global allow 10.0.0.0/8",
            "(hub) IoT_IPFilter_PermissiveRule lab allow 2001:db8::/32");
    // A registry check does not take the hub for a deleted device.
    assertThat(check(r, T.plusSeconds(30), new DeviceCredential("cam", AuthType.X509_CA, List.of()))).isEmpty();
    out.clear();
    r.evaluateFilters("(hub)", List.of(new IpFilterView("global", false, List.of())), T.plusSeconds(60), out::add);
    assertThat(out).extracting(x -> x.name() + " " + x.state().wireName()).containsExactlyInAnyOrder("IoT_IPFilter_DenyAll Resolved",
        "IoT_IPFilter_PermissiveRule Resolved", "IoT_IPFilter_PermissiveRule Resolved");
  }
}
