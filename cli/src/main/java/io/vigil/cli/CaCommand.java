package io.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.hub.ca.CaRegistry;
import io.vigil.hub.ca.CertificateAuthority;
import io.vigil.hub.ca.Pem;
import io.vigil.hub.ca.RegisteredCa;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "ca", mixinStandardHelpOptions = true,
    description = {"Registers the CAs that sign device certificates (devices created with --auth x509-ca).",
        "A CA is added pending with a verification code, and trusted once verified: its owner signs a certificate whose CN is"
            + " the code with the CA's key (proof of possession). Vigil's own CA ('vigil') is always trusted."},
    subcommands = {CaCommand.Add.class, CaCommand.Verify.class, CaCommand.ListCas.class, CaCommand.Remove.class})
final class CaCommand {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One CA command: through the running server when there is one, else on the data dir's files. */
  abstract static class Change implements Callable<Integer> {
    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory of the server.")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
      Path dir = DataDir.resolve(dataDir);
      Optional<ServerClient> server = ServerClient.find(dir);
      if (server.isPresent()) {
        ServerClient.Response r = viaApi(server.get());
        if (r.status() >= 300) {
          throw new IllegalArgumentException(r.error());
        }
        print(r.body());
        return 0;
      }
      // Offline, changes are not recorded as hub operations: no server runs to store them.
      CertificateAuthority vigil = CertificateAuthority.loadOrCreate(dir.resolve("ca"), Clock.systemUTC(), new SecureRandom());
      CaRegistry cas = CaRegistry.open(dir.resolve("cas.json"), vigil.certificate(), Clock.systemUTC(), new SecureRandom(), (d, op, at) -> {});
      print(offline(cas));
      return 0;
    }

    abstract ServerClient.Response viaApi(ServerClient server) throws Exception;

    /** Applies the command to the registry and answers what the API would. */
    abstract JsonNode offline(CaRegistry cas);

    abstract void print(JsonNode reply);
  }

  /** The text of a PEM file, for the API. */
  static String pem(Path file) throws IOException {
    try {
      return Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("no file " + file);
    }
  }

  static X509Certificate certificate(Path file) throws IOException {
    return Pem.readCertificates(pem(file), file.toString()).getFirst();
  }

  /** The API's JSON for a CA, so that both paths print alike. */
  static ObjectNode json(RegisteredCa ca) {
    ObjectNode n = JSON.createObjectNode()
        .put("name", ca.name())
        .put("subject", ca.certificate().getSubjectX500Principal().getName())
        .put("thumbprint", ca.thumbprint().hex())
        .put("notAfter", ca.certificate().getNotAfter().toInstant().toString())
        .put("verified", ca.verified());
    if (!ca.verified()) {
      n.put("verificationCode", ca.verificationCode());
    }
    return n;
  }

  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Registers a CA certificate, pending verification, and prints its verification code.")
  static final class Add extends Change {
    @Parameters(paramLabel = "NAME", description = "Name of the CA: 1-64 letters, digits, '.', '_' or '-'.")
    String name;

    @Option(names = "--cert", paramLabel = "FILE", required = true, description = "The CA certificate, PEM.")
    Path cert;

    ServerClient.Response viaApi(ServerClient s) throws Exception {
      RegisteredCa.requireValidName(name);
      return s.post("/api/v1/cas", JSON.createObjectNode().put("name", name).put("certificatePem", pem(cert)));
    }

    JsonNode offline(CaRegistry cas) {
      try {
        return json(cas.add(name, certificate(cert)));
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read " + cert + ": " + e.getMessage(), e);
      }
    }

    void print(JsonNode reply) {
      String code = reply.path("verificationCode").asText();
      System.out.println(code);
      System.err.println("CA '" + name + "' added, pending verification. Prove possession of its key: issue a certificate with CN="
          + code + " signed by the CA's key, then run: vigil ca verify " + name + " --cert FILE");
    }
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Verifies a CA with a certificate whose CN is its verification code, signed by the CA's key; the CA is then trusted.")
  static final class Verify extends Change {
    @Parameters(paramLabel = "NAME", description = "Name of the CA.")
    String name;

    @Option(names = "--cert", paramLabel = "VERIFICATION_CERT", required = true, description = "The verification certificate, PEM.")
    Path cert;

    ServerClient.Response viaApi(ServerClient s) throws Exception {
      RegisteredCa.requireValidName(name);
      return s.post("/api/v1/cas/" + name + "/verify", JSON.createObjectNode().put("certificatePem", pem(cert)));
    }

    JsonNode offline(CaRegistry cas) {
      try {
        return json(cas.verify(name, certificate(cert)));
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read " + cert + ": " + e.getMessage(), e);
      }
    }

    void print(JsonNode reply) {
      System.out.println("CA '" + name + "' verified: devices registered with --auth x509-ca may connect with certificates it signed");
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the registered CAs, Vigil's own first.")
  static final class ListCas extends Change {
    private static final String ROW = "%-20s %-9s %-24s %-64s %s%n";

    ServerClient.Response viaApi(ServerClient s) throws Exception {
      return s.get("/api/v1/cas");
    }

    JsonNode offline(CaRegistry cas) {
      ArrayNode out = JSON.createArrayNode();
      cas.all().forEach(ca -> out.add(json(ca)));
      return out;
    }

    void print(JsonNode reply) {
      System.out.printf(ROW, "NAME", "VERIFIED", "NOT AFTER", "THUMBPRINT (SHA-256)", "SUBJECT / VERIFICATION CODE");
      for (JsonNode ca : reply) {
        System.out.printf(ROW, ca.path("name").asText(), ca.path("verified").asBoolean() ? "yes" : "pending",
            ca.path("notAfter").asText(), ca.path("thumbprint").asText(),
            ca.path("subject").asText() + (ca.has("verificationCode") ? " / code " + ca.path("verificationCode").asText() : ""));
      }
    }
  }

  @Command(name = "remove", mixinStandardHelpOptions = true,
      description = "Removes a CA: devices whose certificates chain to it are refused from their next connect.")
  static final class Remove extends Change {
    @Parameters(paramLabel = "NAME", description = "Name of the CA.")
    String name;

    ServerClient.Response viaApi(ServerClient s) throws Exception {
      RegisteredCa.requireValidName(name);
      return s.delete("/api/v1/cas/" + name);
    }

    JsonNode offline(CaRegistry cas) {
      return json(cas.remove(name));
    }

    void print(JsonNode reply) {
      System.out.println("CA '" + name + "' removed");
    }
  }
}
