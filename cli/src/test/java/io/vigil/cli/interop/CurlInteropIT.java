package io.vigil.cli.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.wire.auth.ConnectionString;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop of the HTTPS device listener with {@code curl}, an HTTP client no one here wrote, against
 * a real {@code vigil server}: IoT Hub's {@code POST /devices/{id}/messages/events} with a SAS
 * token, TLS trusting {@code DATA/ca/ca.crt}, and the published schema's own valid and invalid
 * sample messages ({@code shared/reference/azure-security-message-v1/samples.json}).
 */
class CurlInteropIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static RunningHub hub;

  @BeforeAll
  static void start() throws Exception {
    assertThat(onPath("curl")).as("curl on the PATH: install Debian's curl (.ci/run does)").isTrue();
    hub = RunningHub.start(dir);
  }

  @AfterAll
  static void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  void everyValidSampleIsAnswered204AndStored() throws Exception {
    ConnectionString device = ConnectionString.parse(hub.createDevice("curl-valid"));
    List<JsonNode> samples = samples("valid");
    for (int i = 0; i < samples.size(); i++) {
      Curl r = post(device, RunningHub.sasToken(device), samples.get(i), true);
      assertThat(r.status()).as("valid sample %d: %s", i, r.body()).isEqualTo("204");
    }
    // 204 only once stored: every sample's events are in the workspace now.
    assertThat(hub.query("SELECT count(DISTINCT EventId) AS n FROM SecurityIoTRawEvent WHERE DeviceId = 'curl-valid'"))
        .isEqualTo("n\n" + samples.stream().flatMap(s -> s.path("Events").valueStream()).map(e -> e.path("Id").asText()).distinct().count() + "\n");
  }

  @Test
  void everyInvalidSampleIsAnswered400WithLocatedErrorsAndRecorded() throws Exception {
    ConnectionString device = ConnectionString.parse(hub.createDevice("curl-invalid"));
    List<JsonNode> samples = samples("invalid");
    for (int i = 0; i < samples.size(); i++) {
      Curl r = post(device, RunningHub.sasToken(device), samples.get(i), true);
      assertThat(r.status()).as("invalid sample %d: %s", i, r.body()).isEqualTo("400");
      JsonNode body = JSON.readTree(r.body());
      assertThat(body.path("error").asText()).isEqualTo("message is not a valid security message");
      assertThat(body.path("errors")).as("invalid sample %d: %s", i, r.body()).isNotEmpty()
          .allSatisfy(e -> assertThat(e.path("pointer").isTextual() && !e.path("reason").asText().isEmpty()).isTrue());
    }
    assertThat(hub.query("SELECT count(*) AS n FROM SecurityIoTRawEvent WHERE DeviceId = 'curl-invalid'")).isEqualTo("n\n0\n");
    assertThat(hub.awaitQuery("SELECT Result, Protocol, count(*) AS n FROM HubOperation WHERE DeviceId = 'curl-invalid'"
        + " AND Operation = 'MessageRejected' GROUP BY ALL", answer -> answer.contains("," + samples.size() + "\n")))
        .isEqualTo("Result,Protocol,n\nInvalidMessage,HTTPS," + samples.size() + "\n");
  }

  @Test
  void aWrongTokenIsAnswered401AndRecorded() throws Exception {
    ConnectionString device = ConnectionString.parse(hub.createDevice("curl-auth"));
    ConnectionString other = ConnectionString.parse(hub.createDevice("curl-auth-other"));
    String anothersKeyToken = RunningHub.sasToken(new ConnectionString(device.hostName(), device.deviceId(), other.sharedAccessKey(),
        device.port(), device.tls()));
    Curl r = post(device, anothersKeyToken, samples("valid").getFirst(), true);
    assertThat(r.status()).isEqualTo("401");
    assertThat(JSON.readTree(r.body()).path("error").asText()).isEqualTo("SAS token signature does not match the device's keys");
    assertThat(hub.awaitQuery("SELECT Operation, Result, Protocol FROM HubOperation WHERE DeviceId = 'curl-auth'",
        answer -> answer.lines().count() > 1)).isEqualTo("Operation,Result,Protocol\nAuthFailure,InvalidSasSignature,HTTPS\n");
  }

  @Test
  void aClientThatDoesNotTrustVigilsCaIsNotFooled() throws Exception {
    ConnectionString device = ConnectionString.parse(hub.createDevice("curl-untrusting"));
    Curl r = curl(List.of("-X", "POST", "--data-binary", "{}", url(device)));
    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(60); // curl: "Peer certificate cannot be authenticated with known CA certificates"
  }

  /** What curl wrote: the HTTP status ({@code -w %{http_code}}), the response body, its standard error and exit code. */
  private record Curl(int exitCode, String status, String body, String stderr) {}

  private static Curl post(ConnectionString device, String token, JsonNode message, boolean security) throws Exception {
    Path file = Files.createTempFile(dir, "message", ".json");
    Files.write(file, JSON.writeValueAsBytes(message));
    List<String> args = new ArrayList<>(List.of("--cacert", hub.caCertificate().toString(), "-X", "POST",
        "-H", "Authorization: " + token, "-H", "Content-Type: application/json", "-H", "iothub-app-site: plant-7"));
    if (security) {
      args.addAll(List.of("-H", "iothub-interface-id: urn:azureiot:Security:SecurityAgent:1"));
    }
    args.addAll(List.of("--data-binary", "@" + file, url(device)));
    Curl r = curl(args);
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    return r;
  }

  private static String url(ConnectionString device) {
    return "https://" + hub.hostName() + ":" + hub.httpsPort() + "/devices/" + device.deviceId() + "/messages/events?api-version=2020-03-13";
  }

  /** Runs {@code curl -sS -o BODY -w %{http_code} ARGS}; at most 30 s. */
  private static Curl curl(List<String> args) throws Exception {
    Path body = Files.createTempFile(dir, "body", ".txt");
    Path err = Files.createTempFile(dir, "curl", ".err");
    List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "-o", body.toString(), "-w", "%{http_code}"));
    cmd.addAll(args);
    Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
    String status = new String(p.getInputStream().readAllBytes()).trim();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError("curl did not finish within 30 s: " + Files.readString(err));
    }
    return new Curl(p.exitValue(), status, Files.readString(body), Files.readString(err));
  }

  /** The {@code valid} or {@code invalid} samples of the published schema, found in {@code shared/reference} above the working directory. */
  private static List<JsonNode> samples(String which) throws Exception {
    Path start = Path.of("").toAbsolutePath();
    for (Path d = start; d != null; d = d.getParent()) {
      Path file = d.resolve("shared/reference/azure-security-message-v1/samples.json");
      if (Files.isRegularFile(file)) {
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(file.toFile()).path(which).forEach(out::add);
        assertThat(out).as("%s samples in %s", which, file).isNotEmpty();
        return out;
      }
    }
    throw new AssertionError("no shared/reference/azure-security-message-v1/samples.json in " + start + " or any folder above it");
  }

  private static boolean onPath(String tool) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(d, tool))) {
        return true;
      }
    }
    return false;
  }
}
