package io.vigil.hub.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.hub.ca.CertificateTrust.ChainCheck;
import io.vigil.model.event.HubOperation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Registering a CA with proof of possession, and trusting device chains that lead to verified CAs only. */
class X509CaRegistrationTest {
  @TempDir Path dir;
  private final List<HubOperation.Operation> operations = new CopyOnWriteArrayList<>();
  private CertificateAuthority vigil;
  private CaRegistry cas;
  private final TestCertificates.Issued acme = TestCertificates.rootCa("Acme Devices Root");

  @BeforeEach
  void open() {
    vigil = CertificateAuthority.loadOrCreate(dir.resolve("ca"), Clock.systemUTC(), new SecureRandom());
    cas = open(dir);
  }

  private CaRegistry open(Path d) {
    return CaRegistry.open(d.resolve("cas.json"), vigil.certificate(), Clock.systemUTC(), new SecureRandom(),
        (device, op, at) -> operations.add(op));
  }

  private List<String> recorded() {
    return operations.stream().map(op -> op.operation() + "/" + op.result()).toList();
  }

  @Test
  void aCaIsTrustedOnlyOnceItsOwnerProvesPossessionOfItsKey() {
    RegisteredCa pending = cas.add("acme", acme.certificate());
    assertThat(pending.verified()).isFalse();
    assertThat(pending.verificationCode()).matches("[0-9A-F]{32}");
    TestCertificates.Issued device = TestCertificates.signed(acme, "dev-1", false);
    assertThat(cas.check(List.of(device.certificate()), Instant.now())).isInstanceOf(ChainCheck.Untrusted.class);

    // Right CN, wrong signer: someone who has the CA certificate but not its key.
    TestCertificates.Issued impostor = TestCertificates.rootCa("Impostor");
    assertThatThrownBy(() -> cas.verify("acme", TestCertificates.signed(impostor, pending.verificationCode(), false).certificate()))
        .hasMessage("the verification certificate is not signed by the key of CA 'acme': proof of possession failed");
    // Right signer, wrong CN.
    assertThatThrownBy(() -> cas.verify("acme", TestCertificates.signed(acme, "not-the-code", false).certificate()))
        .hasMessage("the verification certificate's CN is 'not-the-code', not the verification code of CA 'acme' ("
            + pending.verificationCode() + ")");
    assertThat(cas.find("acme").orElseThrow().verified()).isFalse();

    RegisteredCa verified = cas.verify("acme", TestCertificates.signed(acme, pending.verificationCode(), false).certificate());
    assertThat(verified.verified()).isTrue();
    assertThat(verified.verifiedAt()).isNotNull();
    assertThat(cas.check(List.of(device.certificate()), Instant.now())).isEqualTo(new ChainCheck.Trusted("acme"));
    assertThatThrownBy(() -> cas.verify("acme", TestCertificates.signed(acme, pending.verificationCode(), false).certificate()))
        .hasMessage("CA 'acme' is already verified");
    assertThat(recorded()).containsExactly("CaAdded/Success", "CaVerificationFailed/NotSignedByCa",
        "CaVerificationFailed/WrongVerificationCode", "CaVerified/Success");
    assertThat(operations.getFirst().extraDetails()).containsEntry("CaName", "acme")
        .containsEntry("Thumbprint", Thumbprint.sha256(acme.certificate()).hex());

    // It survives a restart; removing it withdraws the trust.
    CaRegistry reopened = open(dir);
    assertThat(reopened.find("acme").orElseThrow().verified()).isTrue();
    assertThat(reopened.find("acme").orElseThrow().certificate()).isEqualTo(acme.certificate());
    reopened.remove("acme");
    assertThat(reopened.check(List.of(device.certificate()), Instant.now())).isInstanceOf(ChainCheck.Untrusted.class);
    assertThat(open(dir).find("acme")).isEmpty();
    assertThat(recorded()).endsWith("CaRemoved/Success");
  }

  @Test
  void vigilsOwnCaIsListedVerifiedAndCannotBeRemoved() {
    assertThat(cas.all()).singleElement().satisfies(ca -> {
      assertThat(ca.name()).isEqualTo("vigil");
      assertThat(ca.verified()).isTrue();
      assertThat(ca.builtIn()).isTrue();
    });
    DeviceCredentials issued = vigil.issueDeviceCertificate("dev-2", Duration.ofDays(1));
    assertThat(cas.check(issued.chain(), Instant.now())).isEqualTo(new ChainCheck.Trusted("vigil"));
    assertThatThrownBy(() -> cas.remove("vigil")).hasMessage("CA 'vigil' is Vigil's own CA and cannot be removed");
    assertThatThrownBy(() -> cas.add("vigil", acme.certificate())).hasMessage("CA 'vigil' already exists");
    assertThatThrownBy(() -> cas.verify("vigil", acme.certificate())).hasMessage("CA 'vigil' is Vigil's own CA and needs no verification");
  }

  @Test
  void aFailedRemovalIsRecordedWithTheCaAndTheReason() throws Exception {
    assertThatThrownBy(() -> cas.remove("vigil")).hasMessage("CA 'vigil' is Vigil's own CA and cannot be removed");
    assertThatThrownBy(() -> cas.remove("ghost")).hasMessage("no CA 'ghost'");
    cas.add("acme", acme.certificate());
    // The registry file cannot be replaced: its temporary file's name is taken by a directory.
    java.nio.file.Files.createDirectories(dir.resolve("cas.json.tmp/x"));
    assertThatThrownBy(() -> cas.remove("acme")).isInstanceOf(java.io.UncheckedIOException.class)
        .hasMessageStartingWith("cannot write CA registry ");
    assertThat(cas.find("acme")).as("still registered").isPresent();
    assertThat(recorded()).containsExactly("CaRemoveFailed/BuiltInCa", "CaRemoveFailed/UnknownCa", "CaAdded/Success",
        "CaRemoveFailed/WriteFailed");
    assertThat(operations.get(0).extraDetails()).containsEntry("CaName", "vigil")
        .containsEntry("Reason", "CA 'vigil' is Vigil's own CA and cannot be removed")
        .containsEntry("Thumbprint", Thumbprint.sha256(vigil.certificate()).hex());
    assertThat(operations.get(1).extraDetails()).isEqualTo(java.util.Map.of("CaName", "ghost", "Reason", "no CA 'ghost'"));
    assertThat(operations.get(3).extraDetails()).containsEntry("CaName", "acme").containsKey("Reason");
  }

  @Test
  void badRegistrationsSayWhy() {
    assertThatThrownBy(() -> cas.add("a b", acme.certificate())).hasMessage("CA name 'a b' must be 1-64 letters, digits, '.', '_' or '-'");
    TestCertificates.Issued leaf = TestCertificates.selfSigned("dev-3");
    assertThatThrownBy(() -> cas.add("leaf", leaf.certificate()))
        .hasMessage("certificate 'CN=dev-3' is not a CA certificate: its basic constraints lack CA:true");
    cas.add("acme", acme.certificate());
    assertThatThrownBy(() -> cas.add("acme", TestCertificates.rootCa("Other").certificate())).hasMessage("CA 'acme' already exists");
    assertThatThrownBy(() -> cas.add("acme2", acme.certificate()))
        .hasMessage("certificate 'CN=Acme Devices Root' is already registered as CA 'acme'");
    assertThatThrownBy(() -> cas.verify("nope", acme.certificate())).hasMessage("no CA 'nope'");
    assertThatThrownBy(() -> cas.remove("nope")).hasMessage("no CA 'nope'");
  }

  @Test
  void chainsAreCheckedAtTheGivenTimeThroughIntermediates() {
    RegisteredCa pending = cas.add("acme", acme.certificate());
    cas.verify("acme", TestCertificates.signed(acme, pending.verificationCode(), false).certificate());
    TestCertificates.Issued intermediate = TestCertificates.signed(acme, "Acme Factory 7", true);
    TestCertificates.Issued device = TestCertificates.signed(intermediate, "dev-4", false);
    assertThat(cas.check(List.of(device.certificate(), intermediate.certificate()), Instant.now()))
        .isEqualTo(new ChainCheck.Trusted("acme"));
    assertThat(cas.check(List.of(device.certificate(), intermediate.certificate(), acme.certificate()), Instant.now()))
        .isEqualTo(new ChainCheck.Trusted("acme"));
    assertThat(cas.check(List.of(device.certificate()), Instant.now()))
        .as("the intermediate is missing").isInstanceOf(ChainCheck.Untrusted.class);
    assertThat(cas.check(List.of(device.certificate(), intermediate.certificate()), Instant.now().plus(Duration.ofDays(400))))
        .isInstanceOf(ChainCheck.Expired.class);
    assertThat(cas.check(List.of(intermediate.certificate()), Instant.now()))
        .isEqualTo(new ChainCheck.Untrusted("certificate 'CN=Acme Factory 7' is a CA certificate, not a device certificate"));
  }

  @Test
  void aDamagedFileSaysWhere() throws Exception {
    Files.writeString(dir.resolve("cas.json"), "{\"cas\": [{\"name\": \"x\"}]}");
    assertThatThrownBy(() -> open(dir)).hasMessage("CA registry " + dir.resolve("cas.json") + ": /cas/0: \"certificate\" is missing or not a string");
  }
}
