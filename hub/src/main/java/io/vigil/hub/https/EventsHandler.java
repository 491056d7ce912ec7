package io.vigil.hub.https;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.vigil.hub.broker.AuthFailure;
import io.vigil.hub.broker.TokenAuthentication;
import io.vigil.hub.ingest.Channel;
import io.vigil.hub.ingest.IngestSink;
import io.vigil.hub.broker.ConnectionFilter;
import io.vigil.hub.ingest.TelemetryGate;
import io.vigil.hub.ingest.Verdict;
import io.vigil.hub.ops.HubOperationLog;
import io.vigil.model.event.HubOperation;
import io.vigil.wire.WireException;
import io.vigil.wire.auth.DeviceTopics;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapts one HTTP exchange to the hub: authenticates the SAS token, reads the body within the size
 * limit, passes it through the {@link TelemetryGate} and answers as IoT Hub does, 204 once a
 * security message is stored. Refusals: 400 (schema errors, each with its JSON pointer), 401 (no,
 * malformed, wrongly signed or expired token; unknown device), 403 (a token for another device; a
 * disabled device; refused by the IP filter), 413 (too large), 429 (rate limit, with {@code Retry-After}), 503 (not stored:
 * the server is busy). Every refusal is a hub operation with protocol {@code HTTPS}.
 */
final class EventsHandler implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(EventsHandler.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern EVENTS = Pattern.compile("/devices/([^/]+)/messages/events/?");
  private static final Duration STORE_TIMEOUT = Duration.ofSeconds(30);

  /** The header that marks a security message, the {@code $.ifid} of MQTT. */
  static final String INTERFACE_ID = "iothub-interface-id";

  private final TokenAuthentication tokens;
  private final TelemetryGate gate;
  private final IngestSink sink;
  private final HubOperationLog operations;
  private final Clock clock;
  private final Semaphore slots;
  private final ConnectionFilter filter;

  EventsHandler(TokenAuthentication tokens, TelemetryGate gate, IngestSink sink, HubOperationLog operations, Clock clock, int maxConcurrent,
      ConnectionFilter filter) {
    this.filter = filter;
    this.tokens = tokens;
    this.gate = gate;
    this.sink = sink;
    this.operations = operations;
    this.clock = clock;
    this.slots = new Semaphore(maxConcurrent);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    if (!slots.tryAcquire()) {
      try {
        exchange.getResponseHeaders().set("Retry-After", "1");
        closeAfter(exchange);
        error(exchange, 503, "server busy: too many requests in progress, retry later");
      } finally {
        exchange.close();
      }
      return;
    }
    try {
      serve(exchange);
    } catch (IOException e) {
      LOG.debug("HTTPS exchange from {} broke off: {}", exchange.getRemoteAddress(), e.toString());
    } catch (RuntimeException e) {
      LOG.error("HTTPS request {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), e);
      closeAfter(exchange);
      error(exchange, 500, "internal error: " + e);
    } finally {
      slots.release();
      exchange.close();
    }
  }

  /**
   * Reads the whole body (within the limit) before answering anything, so that the connection can
   * carry the next request: the JDK server drains an unread body only after the answer, when the
   * client may already be sending its next request, whose TLS records it can then swallow. An answer
   * sent with the body not wholly read closes the connection ({@link #closeAfter}).
   */
  private void serve(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    Matcher m = path == null ? null : EVENTS.matcher(path);
    if (m == null || !m.matches()) {
      closeAfter(exchange);
      error(exchange, 404, "no resource '" + exchange.getRequestURI().getRawPath() + "': devices POST to /devices/{deviceId}/messages/events");
      return;
    }
    if (!exchange.getRequestMethod().equals("POST")) {
      closeAfter(exchange);
      exchange.getResponseHeaders().set("Allow", "POST");
      error(exchange, 405, "method " + exchange.getRequestMethod() + " is not allowed on " + path + ": use POST");
      return;
    }
    long announced = announcedLength(exchange);
    byte[] body = announced > gate.maxMessageBytes() ? null : exchange.getRequestBody().readNBytes(gate.maxMessageBytes() + 1);
    if (body == null || body.length > gate.maxMessageBytes()) {
      closeAfter(exchange);
    }
    String deviceId = m.group(1);
    String source = exchange.getRemoteAddress().getAddress().getHostAddress();
    Instant now = clock.instant();
    Optional<String> refusal = filter.refusal(deviceId, exchange.getRemoteAddress().getAddress());
    if (refusal.isPresent()) {
      operations.record(deviceId, new HubOperation.Operation("Connect", "IpFilterRejected", Channel.HTTPS, source,
          Map.of("Reason", refusal.get())), now);
      error(exchange, 403, refusal.get());
      return;
    }
    TokenAuthentication.Outcome auth = tokens.check(deviceId, exchange.getRequestHeaders().getFirst("Authorization"), now);
    if (!auth.accepted()) {
      operations.record(deviceId, new HubOperation.Operation("AuthFailure", auth.failure().wireName(), Channel.HTTPS, source,
          Map.of("AuthType", "SAS", "Reason", auth.reason())), now);
      error(exchange, status(auth.failure()), auth.reason());
      return;
    }
    Channel channel = new Channel(Channel.HTTPS, source, Map.of(), Duration.ZERO);
    if (body == null) {
      refused(exchange, gate.tooLarge(deviceId, channel, announced));
      return;
    }
    if (body.length > gate.maxMessageBytes()) {
      refused(exchange, gate.tooLarge(deviceId, channel, gate.maxMessageBytes(), false));
      return;
    }
    boolean security = DeviceTopics.SECURITY_INTERFACE.equals(exchange.getRequestHeaders().getFirst(INTERFACE_ID));
    switch (gate.admit(deviceId, channel, body, security)) {
      case Verdict.Refused r -> refused(exchange, r);
      case Verdict.Counted _ -> noContent(exchange);
      case Verdict.Store s -> store(exchange, auth, s, channel);
    }
  }

  /** The {@code Content-Length} the client announced; -1 when it sent none (a chunked body) or one that is not a number. */
  private static long announcedLength(HttpExchange exchange) {
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    return length != null && length.matches("\\d{1,18}") ? Long.parseLong(length) : -1;
  }

  /** Has the server close the connection after this answer: the request body was not read to its end. */
  private static void closeAfter(HttpExchange exchange) {
    exchange.getResponseHeaders().set("Connection", "close");
  }

  private void store(HttpExchange exchange, TokenAuthentication.Outcome auth, Verdict.Store s, Channel channel) throws IOException {
    String deviceId = auth.device().deviceId();
    try {
      sink.accept(auth.device().device(), s.message(), s.items(), clock.instant(), channel.protocol()).get(STORE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      noContent(exchange);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      String reason = cause instanceof RejectedExecutionException ? cause.getMessage() : "not stored: " + cause.getMessage();
      refused(exchange, gate.notStored(deviceId, channel, reason));
    } catch (TimeoutException e) {
      refused(exchange, gate.notStored(deviceId, channel, "not stored within " + STORE_TIMEOUT.toSeconds() + " s"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      refused(exchange, gate.notStored(deviceId, channel, "server is shutting down"));
    }
  }

  private static void refused(HttpExchange exchange, Verdict.Refused r) throws IOException {
    switch (r.refusal()) {
      case INVALID_MESSAGE -> {
        ObjectNode out = JSON.createObjectNode().put("error", "message is not a valid security message");
        ArrayNode errors = out.putArray("errors");
        for (WireException.Violation v : r.violations()) {
          errors.addObject().put("pointer", v.pointer()).put("reason", v.reason());
        }
        send(exchange, 400, out);
      }
      case MESSAGE_TOO_LARGE -> error(exchange, 413, r.reason());
      case RATE_LIMITED -> {
        exchange.getResponseHeaders().set("Retry-After", Long.toString(Math.max(1, (r.retryAfter().toMillis() + 999) / 1000)));
        error(exchange, 429, r.reason());
      }
      case NOT_STORED -> {
        exchange.getResponseHeaders().set("Retry-After", "1");
        error(exchange, 503, r.reason());
      }
    }
  }

  /** 401 for credentials that do not prove the device, 403 for proven ones that may not send here. */
  static int status(AuthFailure failure) {
    return switch (failure) {
      case DISABLED_DEVICE, WRONG_SAS_RESOURCE -> 403;
      default -> 401;
    };
  }

  private static void noContent(HttpExchange exchange) throws IOException {
    exchange.sendResponseHeaders(204, -1);
  }

  private static void error(HttpExchange exchange, int status, String message) throws IOException {
    send(exchange, status, JSON.createObjectNode().put("error", message));
  }

  private static void send(HttpExchange exchange, int status, ObjectNode body) throws IOException {
    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
