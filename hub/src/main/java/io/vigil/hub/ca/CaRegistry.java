package io.vigil.hub.ca;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.hub.ops.HubOperationLog;
import io.vigil.model.event.HubOperation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CAs registered with the hub for device certificates (IoT Hub "CA-signed" devices), persisted
 * as one JSON file replaced atomically on each change. Vigil's own CA is always listed, verified,
 * under the name {@value #VIGIL_CA}; it is not stored and cannot be removed.
 *
 * <p>A CA is added pending, with a random verification code. It is trusted once its owner proves
 * possession of its key with a certificate signed by it whose CN is that code. Additions,
 * verifications and removals are recorded as hub operations ({@code CaAdded}, {@code CaVerified},
 * {@code CaVerificationFailed}, {@code CaRemoved}, {@code CaRemoveFailed}) with an empty device id.
 *
 * <p>Thread-safe. Checks read an immutable snapshot; changes are serialised and durable before the
 * method returns.
 */
public final class CaRegistry implements CertificateTrust {
  /** The name Vigil's own CA is listed under. */
  public static final String VIGIL_CA = "vigil";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final Clock clock;
  private final SecureRandom random;
  private final HubOperationLog operations;
  private final RegisteredCa vigil;
  private volatile Map<String, RegisteredCa> cas = Map.of();

  private CaRegistry(Path file, RegisteredCa vigil, Clock clock, SecureRandom random, HubOperationLog operations) {
    this.file = file;
    this.vigil = vigil;
    this.clock = clock;
    this.random = random;
    this.operations = operations;
  }

  /**
   * Opens the registry stored in {@code file}, which need not exist yet.
   *
   * @param vigilCa Vigil's own CA certificate, trusted without verification
   * @param operations where additions, verifications and removals are recorded
   * @throws IllegalStateException if the file exists but cannot be read, naming the file and the problem
   */
  public static CaRegistry open(Path file, X509Certificate vigilCa, Clock clock, SecureRandom random, HubOperationLog operations) {
    Instant since = vigilCa.getNotBefore().toInstant();
    RegisteredCa vigil = new RegisteredCa(VIGIL_CA, vigilCa, "-", true, true, since, since);
    CaRegistry registry = new CaRegistry(file, vigil, clock, random, operations);
    if (Files.exists(file)) {
      registry.cas = registry.load();
    }
    return registry;
  }

  /**
   * Registers CA certificate {@code certificate} under {@code name}, pending verification.
   *
   * @return the pending CA, with the verification code its owner must sign
   * @throws IllegalArgumentException if the name is invalid or taken, the certificate is no CA
   *     certificate, has expired, or is registered already
   */
  public synchronized RegisteredCa add(String name, X509Certificate certificate) {
    RegisteredCa.requireValidName(name);
    if (name.equals(VIGIL_CA) || cas.containsKey(name)) {
      throw new IllegalArgumentException("CA '" + name + "' already exists");
    }
    String subject = certificate.getSubjectX500Principal().getName();
    if (certificate.getBasicConstraints() < 0) {
      throw new IllegalArgumentException("certificate '" + subject + "' is not a CA certificate: its basic constraints lack CA:true");
    }
    Instant now = clock.instant();
    CertificateTrust.ChainCheck validity = ChainValidation.validity(certificate, now);
    if (validity instanceof CertificateTrust.ChainCheck.Expired(String reason)) {
      throw new IllegalArgumentException(reason);
    }
    for (RegisteredCa ca : all()) {
      if (ca.certificate().equals(certificate)) {
        throw new IllegalArgumentException("certificate '" + subject + "' is already registered as CA '" + ca.name() + "'");
      }
    }
    byte[] code = new byte[16];
    random.nextBytes(code);
    RegisteredCa added = new RegisteredCa(name, certificate, HexFormat.of().withUpperCase().formatHex(code), false, false, now, null);
    replace(name, added);
    record("CaAdded", "Success", added, Map.of());
    return added;
  }

  /**
   * Verifies CA {@code name} by proof of possession: {@code proof} must carry the CA's verification
   * code as its CN, be signed by the CA's key, and be valid now. The CA is then trusted for devices.
   *
   * @throws IllegalArgumentException if there is no such CA, it needs no verification, or the proof fails (saying why)
   */
  public synchronized RegisteredCa verify(String name, X509Certificate proof) {
    RegisteredCa ca = find(name).orElseThrow(() -> new IllegalArgumentException("no CA '" + name + "'"));
    if (ca.builtIn()) {
      throw new IllegalArgumentException("CA '" + name + "' is Vigil's own CA and needs no verification");
    }
    if (ca.verified()) {
      throw new IllegalArgumentException("CA '" + name + "' is already verified");
    }
    String cn = SubjectNames.commonName(proof);
    if (!cn.equals(ca.verificationCode())) {
      throw refused(ca, "WrongVerificationCode",
          "the verification certificate's CN is '" + cn + "', not the verification code of CA '" + name + "' (" + ca.verificationCode() + ")");
    }
    try {
      proof.verify(ca.certificate().getPublicKey());
    } catch (GeneralSecurityException e) {
      throw refused(ca, "NotSignedByCa",
          "the verification certificate is not signed by the key of CA '" + name + "': proof of possession failed");
    }
    Instant now = clock.instant();
    if (ChainValidation.validity(proof, now) instanceof CertificateTrust.ChainCheck.Expired(String reason)) {
      throw refused(ca, "ExpiredCertificate", "the verification certificate is not valid now: " + reason);
    }
    RegisteredCa verified = ca.verifiedAt(now);
    replace(name, verified);
    record("CaVerified", "Success", verified, Map.of());
    return verified;
  }

  /**
   * Removes CA {@code name}: devices whose certificates chain to it are refused from their next
   * CONNECT. A removal that fails is recorded as {@code CaRemoveFailed} with the reason: {@code
   * UnknownCa}, {@code BuiltInCa} or {@code WriteFailed}.
   *
   * @throws IllegalArgumentException if there is no such CA or it is Vigil's own
   * @throws java.io.UncheckedIOException if the registry file cannot be written; the CA stays
   */
  public synchronized RegisteredCa remove(String name) {
    if (name.equals(VIGIL_CA)) {
      String reason = "CA '" + VIGIL_CA + "' is Vigil's own CA and cannot be removed";
      record("CaRemoveFailed", "BuiltInCa", vigil, Map.of("Reason", reason));
      throw new IllegalArgumentException(reason);
    }
    RegisteredCa ca = cas.get(name);
    if (ca == null) {
      String reason = "no CA '" + name + "'";
      operations.record("", new HubOperation.Operation("CaRemoveFailed", "UnknownCa", null, null,
          Map.of("CaName", name, "Reason", reason)), clock.instant());
      throw new IllegalArgumentException(reason);
    }
    Map<String, RegisteredCa> next = new LinkedHashMap<>(cas);
    next.remove(name);
    try {
      save(next);
    } catch (UncheckedIOException e) {
      record("CaRemoveFailed", "WriteFailed", ca, Map.of("Reason", e.getMessage()));
      throw e;
    }
    cas = Map.copyOf(next);
    record("CaRemoved", "Success", ca, Map.of());
    return ca;
  }

  /** The CA registered as {@code name}, Vigil's own included. */
  public Optional<RegisteredCa> find(String name) {
    return name.equals(VIGIL_CA) ? Optional.of(vigil) : Optional.ofNullable(cas.get(name));
  }

  /** All CAs, Vigil's own first, then by name. */
  public List<RegisteredCa> all() {
    List<RegisteredCa> out = new ArrayList<>(List.of(vigil));
    cas.values().stream().sorted(Comparator.comparing(RegisteredCa::name)).forEach(out::add);
    return out;
  }

  @Override
  public ChainCheck check(List<X509Certificate> chain, Instant now) {
    return ChainValidation.check(chain, all().stream().filter(RegisteredCa::verified).toList(), now);
  }

  private IllegalArgumentException refused(RegisteredCa ca, String result, String reason) {
    record("CaVerificationFailed", result, ca, Map.of("Reason", reason));
    return new IllegalArgumentException(reason);
  }

  private void record(String operation, String result, RegisteredCa ca, Map<String, String> extra) {
    Map<String, String> details = new LinkedHashMap<>(extra);
    details.put("CaName", ca.name());
    details.put("Subject", ca.certificate().getSubjectX500Principal().getName());
    details.put("Thumbprint", ca.thumbprint().hex());
    operations.record("", new HubOperation.Operation(operation, result, null, null, details), clock.instant());
  }

  private void replace(String name, RegisteredCa ca) {
    Map<String, RegisteredCa> next = new LinkedHashMap<>(cas);
    next.put(name, ca);
    save(next);
    cas = Map.copyOf(next);
  }

  private Map<String, RegisteredCa> load() {
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("CA registry " + file + " is not valid JSON at line "
          + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read CA registry " + file + ": " + e.getMessage(), e);
    }
    JsonNode list = root == null ? null : root.get("cas");
    if (list == null || !list.isArray()) {
      throw new IllegalStateException("CA registry " + file + " has no \"cas\" array");
    }
    Map<String, RegisteredCa> out = new LinkedHashMap<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode n = list.get(i);
      String where = "CA registry " + file + ": /cas/" + i;
      try {
        boolean verified = n.path("verified").asBoolean(false);
        RegisteredCa ca = new RegisteredCa(text(n, "name"), Pem.readCertificates(text(n, "certificate"), where + "/certificate").getFirst(),
            text(n, "verificationCode"), verified, false, Instant.parse(text(n, "addedAt")),
            verified ? Instant.parse(text(n, "verifiedAt")) : null);
        out.put(ca.name(), ca);
      } catch (RuntimeException e) {
        throw new IllegalStateException(where + ": " + e.getMessage(), e);
      }
    }
    return Map.copyOf(out);
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("\"" + field + "\" is missing or not a string");
    }
    return v.asText();
  }

  private void save(Map<String, RegisteredCa> all) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode list = root.putArray("cas");
    all.values().stream().sorted(Comparator.comparing(RegisteredCa::name)).forEach(ca -> {
      ObjectNode n = list.addObject()
          .put("name", ca.name())
          .put("certificate", Pem.certificates(List.of(ca.certificate())))
          .put("verificationCode", ca.verificationCode())
          .put("verified", ca.verified())
          .put("addedAt", ca.addedAt().toString());
      if (ca.verifiedAt() != null) {
        n.put("verifiedAt", ca.verifiedAt().toString());
      }
    });
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write CA registry " + file + ": " + e.getMessage(), e);
    }
  }
}
