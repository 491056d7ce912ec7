package io.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.server.AdminToken;
import io.vigil.server.ServerInfo;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Talks to the server running on a data dir, through its API, with the admin token from that dir. */
final class ServerClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final String token;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private ServerClient(URI base, String token) {
    this.base = base;
    this.token = token;
  }

  /** A client for the server running on {@code dataDir}, if one is. */
  static Optional<ServerClient> find(Path dataDir) {
    return ServerInfo.find(dataDir)
        .map(info -> new ServerClient(URI.create("http://127.0.0.1:" + info.httpPort()), AdminToken.read(dataDir)));
  }

  /** The API's answer. */
  record Response(int status, JsonNode body) {
    /** The API's error message, or the status line when there is none. */
    String error() {
      return body.path("error").asText("HTTP " + status);
    }
  }

  Response post(String path, JsonNode body) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(base.resolve(path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
  }

  Response patch(String path, JsonNode body) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(base.resolve(path))
        .header("Content-Type", "application/json")
        .method("PATCH", HttpRequest.BodyPublishers.ofString(body.toString())));
  }

  Response put(String path, JsonNode body) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(base.resolve(path))
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(body.toString())));
  }

  Response delete(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(base.resolve(path)).DELETE());
  }

  Response get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET());
  }

  private Response send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(
        request.header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(60)).build(),
        HttpResponse.BodyHandlers.ofString());
    JsonNode body = r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
    return new Response(r.statusCode(), body);
  }
}
