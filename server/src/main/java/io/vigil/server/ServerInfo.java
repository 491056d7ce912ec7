package io.vigil.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * What a running server publishes in its data dir ({@code server.json}) so that the CLI can find it.
 *
 * @param pid the server's process id
 */
public record ServerInfo(String hostName, int httpPort, int mqttPort, long pid) {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String FILE = "server.json";

  /** Writes this to {@code dataDir}/server.json atomically. */
  void write(Path dataDir) {
    try {
      Path tmp = dataDir.resolve(FILE + ".tmp");
      Files.write(tmp, JSON.writeValueAsBytes(JSON.createObjectNode()
          .put("hostName", hostName).put("httpPort", httpPort).put("mqttPort", mqttPort).put("pid", pid)));
      Files.move(tmp, dataDir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dataDir.resolve(FILE) + ": " + e.getMessage(), e);
    }
  }

  /** The server running on {@code dataDir}, if its file exists and its process is alive. */
  public static Optional<ServerInfo> find(Path dataDir) {
    Path file = dataDir.resolve(FILE);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      JsonNode n = JSON.readTree(file.toFile());
      ServerInfo info = new ServerInfo(n.path("hostName").asText(), n.path("httpPort").asInt(), n.path("mqttPort").asInt(), n.path("pid").asLong());
      return ProcessHandle.of(info.pid()).filter(ProcessHandle::isAlive).map(p -> info);
    } catch (IOException e) {
      return Optional.empty(); // half-written or stale: treat as no server
    }
  }

  static void remove(Path dataDir) {
    try {
      Files.deleteIfExists(dataDir.resolve(FILE));
    } catch (IOException e) {
      // A stale file is harmless: find() checks that the pid is alive.
    }
  }
}
